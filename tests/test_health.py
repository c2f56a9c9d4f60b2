"""`/healthz` for load balancers: 200 while the database answers, 503 when it does not."""

import os
import subprocess
import sys

import pytest
from django.db import connection

# Run in another process whose DATABASE_URL names a database nobody can reach.
PROBE = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "allies.settings"
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(response.status_code, response["Cache-Control"], response.content.decode().strip(), sep="|")
"""


@pytest.mark.django_db
def test_healthz_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n" and "no-store" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405
    # Asked by the process's own address, which is not one of the site's host names.
    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8001").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.5:8001").status_code == 400


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    environ["ALLIES_DATA_DIR"] = str(tmp_path)
    if connection.vendor == "postgresql":
        environ["DATABASE_URL"] = "postgres://allies@127.0.0.1:1/allies"  # nothing listens on 1
    else:
        environ["DATABASE_URL"] = f"sqlite://{tmp_path}/no-such-folder/allies.sqlite3"
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, cache, text = result.stdout.strip().splitlines()[-1].split("|")
    assert (status, text) == ("503", "database unavailable") and "no-store" in cache
    assert "OperationalError" in result.stderr  # logged for the administrator, not sent
