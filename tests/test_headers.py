"""Security headers, production settings and the start-up checks of `allies serve`."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
ALLIES = str(Path(sys.executable).with_name("allies"))


@pytest.mark.django_db
def test_every_page_has_a_strict_script_policy_and_a_permissions_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for template in (ROOT / "src" / "allies").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=\s*[\"']", text) or re.search(
            r"<script(?![^>]*\bsrc=)[^>]*>", text
        ):
            offenders.append(str(template.relative_to(ROOT)))
        if "javascript:" in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_not_stored(staff_client, library):
    page = staff_client.get(reverse("today", args=["riverton"]))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    download = staff_client.get(
        reverse("directory:export", args=["riverton"]), {"what": "organizations"}
    )
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]


@pytest.mark.django_db
def test_hsts_and_the_proxy_header_come_from_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain.url.startswith("https://")
    secure = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code in (200, 503)  # load balancers ask over HTTP


def _guide_environment(tmp_path) -> dict:
    text = (ROOT / "docs" / "deploying.md").read_text(encoding="utf-8")
    [body] = re.findall(r"^```ini allies.env\n(.*?)^```", text, flags=re.M | re.S)
    environ = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    for line in body.splitlines():
        key, _sep, value = line.partition("=")
        environ[key] = value.strip('"')
    environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    environ["ALLIES_DATA_DIR"] = str(tmp_path)
    return environ


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    environ = _guide_environment(tmp_path)
    result = subprocess.run(
        [ALLIES, "check", "--deploy", "--fail-level", "WARNING"],
        env=environ, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_serve_refuses_to_start_with_the_placeholder_secret_key(tmp_path):
    environ = _guide_environment(tmp_path)
    environ["SECRET_KEY"] = "CHANGE-ME-to-50-random-characters"
    result = subprocess.run(
        [ALLIES, "serve", "--bind", "127.0.0.1:8169", "--workers", "1"],
        env=environ, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "will not start" in result.stderr and "allies.E002" in result.stderr
