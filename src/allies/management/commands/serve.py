"""`allies serve`: collect the static files, then run gunicorn in the foreground."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from allies import network


def gunicorn_argv(bind: str, workers: int) -> list[str]:
    """The gunicorn command line, run with the same Python as Allies itself."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "allies.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        # A long search pasted into the address reaches Allies, which cuts it (allies.limits)
        # and answers with the normal page; gunicorn's default (4,094) answered "URI Too Long".
        "--limit-request-line",
        "8190",
    ]
    if _has_control_socket():
        # Newer gunicorn opens a control socket at one fixed path in the home folder, which
        # two instances (a demo beside a real server) would fight over; Allies does not use it.
        argv.append("--no-control-socket")
    return argv


def _has_control_socket() -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS)


def serve(bind: str, workers: int, stdout, environ: dict | None = None) -> None:
    """Replace this process by gunicorn (static files are served by WhiteNoise)."""
    if workers < 1:
        raise CommandError("--workers must be 1 or more.")
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()
    stdout.write(f"Serving Allies at http://{display_address(bind)}/ (Ctrl+C stops it)")
    if environ and "SITE_URL" in environ:
        stdout.write(f"Phones in the room open {environ['SITE_URL']}/w/ and type the join code.")
    stdout.flush()
    sys.stderr.flush()
    os.environ.update(environ or {})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
    os.execv(sys.executable, gunicorn_argv(bind, workers))  # noqa: S606 - argv list, no shell


def server_address(bind: str, lan: bool) -> tuple[str, dict]:
    """The address to serve on and what the server processes must know about it.

    With `--lan`: the machine's address on the room's network (the port of --bind), added to
    ALLOWED_HOSTS, and SITE_URL unless it is set, so that join addresses and QR codes of a
    workshop are ones a phone in the room can open.
    """
    if not lan:
        return bind, {}
    address = network.lan_address()
    if address is None:
        raise CommandError(
            "This machine has no address on a network (only 127.0.0.1, which phones cannot "
            "open). Connect it to the room's Wi-Fi, then start again."
        )
    _host, sep, port = bind.rpartition(":")
    port = port if sep else "8000"
    environ = {"ALLOWED_HOSTS": ",".join([*settings.ALLOWED_HOSTS, address])}
    if not os.environ.get("SITE_URL"):
        environ["SITE_URL"] = f"http://{address}:{port}"
    return f"{address}:{port}", environ


def display_address(bind: str) -> str:
    host, _sep, port = bind.rpartition(":")
    if not _sep:
        return f"{bind}:8000"
    if host in ("0.0.0.0", "", "[::]"):  # noqa: S104 - only turned into a link to click
        host = "127.0.0.1"
    return f"{host}:{port}"


def add_server_arguments(parser) -> None:
    parser.add_argument(
        "--bind", default="127.0.0.1:8000", help="Address and port (default 127.0.0.1:8000)."
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "2")),
        help="Worker processes (default $WEB_CONCURRENCY or 2).",
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help=(
            "Serve on this machine's address on the local network (port of --bind), so that "
            "phones in the room can join a workshop."
        ),
    )


class Command(BaseCommand):
    help = "Serve Allies with gunicorn in the foreground (run `allies migrate` first)."

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, bind, workers, lan, **options):
        bind, environ = server_address(bind, lan)
        serve(bind, workers, self.stdout, environ)
