#!/usr/bin/env python3
"""Follow docs/deploying.md as written, on this machine, and check that the site it describes works.

Run by CI (.ci/run) from an installed checkout, with PostgreSQL at 127.0.0.1:5432 (user postgres)
and nginx installed:

    .venv/bin/python scripts/check_deploying.py

It reads the guide's code blocks by their names (```sh setup, ```ini allies.env, ```sh serve,
```sh worker, ```sh check, ```nginx, ```cron, ```sh upgrade) and runs them in a scratch folder
standing for /srv/allies, with a scratch PostgreSQL database, free ports for the app processes and
nginx, and `localhost` for the site's address. Lines that need a real machine are skipped, as the
guide says: `sudo -u postgres` (this script makes its own database), `git` and `make install` (it
runs from this installed checkout), `systemctl`. It has the background worker run a queued
import. Then it asks nginx for /healthz, the sign-in page and a static file, runs the crontab's
jobs (checking that a backup is written and an old one deleted), and the upgrade steps. Exit
status 0 when all of it worked.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deploying.md"
SKIPPED = ("sudo -u postgres", "git ", "make install", "systemctl")
POSTGRES = os.environ.get("ALLIES_CHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432")


# Queue an import as the page does for a large file, and wait for the worker to run it.
IMPORT_THROUGH_THE_WORKER = """
import time
from allies.directory import import_jobs
from allies.directory.models import ImportBatch, Organization
from allies.libraries.models import Library
batch = ImportBatch.objects.create(
    library=Library.objects.get(slug="riverton"), filename="check.csv", kind="organizations",
    file_format="csv", data=b"Name\\nDeploying Check Club\\n", mapping=["name"], rows_total=1,
)
import_jobs.start(batch, user=None, options={})
deadline = time.monotonic() + 120
while ImportBatch.objects.get(pk=batch.pk).in_progress and time.monotonic() < deadline:
    time.sleep(0.5)
assert ImportBatch.objects.get(pk=batch.pk).status == "imported", "the worker did not run it"
assert Organization.objects.filter(name="Deploying Check Club").exists()
"""


def blocks(text: str) -> list[tuple[str, str]]:
    """(name, body) of every fenced block: the name is the info string ("sh setup", "nginx")."""
    return [
        (info.strip(), body)
        for info, body in re.findall(r"^```([^\n]*)\n(.*?)^```", text, flags=re.M | re.S)
    ]


def named(text: str, name: str) -> list[str]:
    return [body for info, body in blocks(text) if info == name]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, host: str = "localhost") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 - our own URL
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:  # noqa: S310
            return reply.status, dict(reply.headers), reply.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def wait_for(url: str, seconds: float = 90, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    printed = log.read_text()[-3000:] if log and log.exists() else ""
    raise SystemExit(f"{url} did not answer 200 within {seconds} s\n{printed}")


class Check:
    def __init__(self, folder: Path):
        self.folder = folder
        self.database = f"allies_check_deploying_{os.getpid()}"
        # ALLIES_CHECK_PORTS="8171,8172,8173" on a machine where ports are shared out.
        chosen = os.environ.get("ALLIES_CHECK_PORTS", "").split(",")
        ports = chosen if len(chosen) == 3 else [str(free_port()) for _ in range(3)]
        self.ports = {"8001": ports[0], "8002": ports[1]}
        self.nginx_port = ports[2]
        self.processes: list[subprocess.Popen] = []
        self.log = folder / "check.log"

    def substitute(self, text: str) -> str:
        text = text.replace("/srv/allies", str(self.folder))
        text = text.replace("--workers 4", "--workers 1")  # two cores in CI
        text = text.replace("allies.example.org", "localhost")
        for documented, free in self.ports.items():
            text = text.replace(f"127.0.0.1:{documented}", f"127.0.0.1:{free}")
        return text

    def run(self, line: str, *, background: bool = False) -> None:
        environ = {
            key: value
            for key, value in os.environ.items()
            if key
            not in ("DATABASE_URL", "ALLIES_DATA_DIR", "SECRET_KEY", "SITE_URL", "ALLIES_SITE_URL")
        }
        with self.log.open("a") as log:
            if background:
                self.processes.append(
                    subprocess.Popen(["bash", "-c", line], env=environ, stdout=log, stderr=log)  # noqa: S603, S607
                )
                return
            result = subprocess.run(["bash", "-c", line], env=environ, stdout=log, stderr=log)  # noqa: S603, S607
        if result.returncode != 0:
            raise SystemExit(
                f"failed ({result.returncode}):\n{line}\n{self.log.read_text()[-3000:]}"
            )

    def lines(self, body: str) -> list[str]:
        """The block's lines to run, substituted; the ones that need a real machine left out."""
        kept = []
        for line in body.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            if line.strip().startswith(SKIPPED) or " && make install" in line:
                print(f"  (skipped) {line}")
                continue
            print(f"  $ {line}")
            kept.append(self.substitute(line))
        return kept

    def shell_block(self, body: str) -> None:
        """A block's lines run one after the other in one shell, so `cd` and `set -a` carry."""
        self.run("set -e\n" + "\n".join(self.lines(body)))

    def environment_file(self, body: str) -> None:
        """The guide's file, with a scratch database, a fresh key, e-mail printed, plain HTTP."""
        replaced = {
            "DATABASE_URL": f"{POSTGRES}/{self.database}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "EMAIL_URL": "console:",
            "SECURE_COOKIES": "false",
            # Plain HTTP on localhost: no redirect to HTTPS, no HSTS.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
        }
        lines = []
        for line in self.substitute(body).splitlines():
            key = line.split("=", 1)[0]
            lines.append(f"{key}={replaced[key]}" if key in replaced else line)
        path = self.folder / "allies.env"
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o600)

    def postgres(self, statement: str) -> None:
        command = ["psql", f"{POSTGRES}/postgres", "-qc", statement]
        subprocess.run(command, check=True)  # noqa: S603, S607 - psql from PATH

    def nginx(self, body: str) -> None:
        site = self.substitute(body).replace("listen 80;", f"listen 127.0.0.1:{self.nginx_port};")
        (self.folder / "nginx").mkdir()
        (self.folder / "nginx" / "allies.conf").write_text(site)
        main = self.folder / "nginx" / "nginx.conf"
        main.write_text(
            f"""
pid {self.folder}/nginx/nginx.pid;
error_log {self.folder}/nginx/error.log;
events {{}}
http {{
    access_log {self.folder}/nginx/access.log;
    client_body_temp_path {self.folder}/nginx/body;
    proxy_temp_path {self.folder}/nginx/proxy;
    fastcgi_temp_path {self.folder}/nginx/fastcgi;
    uwsgi_temp_path {self.folder}/nginx/uwsgi;
    scgi_temp_path {self.folder}/nginx/scgi;
    include {self.folder}/nginx/allies.conf;
}}
"""
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-t", "-q", "-c", str(main)], check=True)  # noqa: S603
        self.processes.append(
            subprocess.Popen([nginx, "-c", str(main), "-g", "daemon off;"])  # noqa: S603
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def main() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="allies-deploying-"))
    (folder / ".venv").symlink_to(ROOT / ".venv")
    check = Check(folder)
    check.postgres(f'CREATE DATABASE "{check.database}"')
    try:
        print("== setup")
        for body in named(guide, "sh setup")[:1]:
            check.shell_block(body)
        check.environment_file(named(guide, "ini allies.env")[0])
        for body in named(guide, "sh setup")[1:]:
            check.shell_block(body)

        print("== app processes")
        for line, port in zip(
            check.lines(named(guide, "sh serve")[0]), check.ports.values(), strict=True
        ):
            check.run(line, background=True)
            wait_for(f"http://127.0.0.1:{port}/healthz", log=check.log)
        for body in named(guide, "sh check"):
            check.shell_block(body)

        print("== background worker")
        (line,) = check.lines(named(guide, "sh worker")[0])
        check.run(line, background=True)
        worker = check.processes[-1]
        check.run(
            f"cd {folder} && set -a && . ./allies.env && set +a && "
            f".venv/bin/allies shell -c {shlex.quote(IMPORT_THROUGH_THE_WORKER)}"
        )
        assert worker.poll() is None, f"allies worker stopped:\n{check.log.read_text()[-3000:]}"
        print("  allies worker ran a queued import")

        print("== nginx")
        check.nginx(named(guide, "nginx")[0])
        front = f"http://127.0.0.1:{check.nginx_port}"
        wait_for(f"{front}/healthz", log=check.folder / "nginx" / "error.log")
        status, _headers, page = get(f"{front}/accounts/login/")
        assert status == 200 and "Sign in to Allies" in page, (status, page[:500])
        stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
        status, headers, _css = get(front + stylesheet)
        assert status == 200 and "immutable" in headers.get("Cache-Control", ""), headers
        served = {get(f"{front}/healthz")[0] for _ in range(6)}
        assert served == {200}, served
        print(f"  nginx at {front}: /healthz, the sign-in page and {stylesheet} answer 200")

        print("== cron")
        backups = folder / "backups"
        old = backups / "allies-2000-01-01.zip"
        old.write_text("an old backup")
        os.utime(old, (time.time() - 40 * 86400,) * 2)
        for line in named(guide, "cron")[0].splitlines():
            fields = line.split(None, 5)
            if len(fields) == 6 and not line.startswith("#"):
                print(f"  $ {fields[5]}")
                check.run(check.substitute(fields[5]).replace("\\%", "%"))
        assert not old.exists(), "the 30-day clean-up did not delete a 40-day-old backup"
        made = list(backups.glob("allies-*.zip"))
        assert len(made) == 1 and made[0].stat().st_size > 1000, made
        print(f"  the nightly backup wrote {made[0].name}; the 40-day-old one is gone")

        print("== upgrade")
        check.shell_block(named(guide, "sh upgrade")[0])
        assert (backups / "allies-before-upgrade.zip").exists()
    finally:
        check.stop()
    shutil.rmtree(folder, ignore_errors=True)
    print("docs/deploying.md works as written.")


if __name__ == "__main__":
    sys.exit(main())
