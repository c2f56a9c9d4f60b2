"""`allies serve`: collect the static files, start a background worker, then run gunicorn in the
foreground."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.http.request import validate_host
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.core import env, network


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
        # A long search pasted into the address reaches Allies, which cuts it (allies.core.limits)
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


def worker_argv(parent: int) -> list[str]:
    """`allies worker`, run with the same Python, stopping when `parent` stops."""
    return [sys.executable, "-m", "allies.cli", "worker", "--parent", str(parent)]


def start_worker(environ: dict) -> subprocess.Popen:
    """The background worker (large imports) beside the server: a child of this process, which
    gunicorn replaces below, so that it stops when the server stops (it watches its parent)."""
    return subprocess.Popen(worker_argv(os.getpid()), env={**os.environ, **environ})  # noqa: S603


def serve(
    bind: str, workers: int, stdout, environ: dict | None = None, *, worker: bool = True
) -> None:
    """Replace this process by gunicorn (static files are served by WhiteNoise), with a
    background worker beside it unless `worker` is False."""
    if workers < 1:
        raise CommandError(_("--workers must be 1 or more."))
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()
    stdout.write(
        _("Serving Allies at %(url)s (Ctrl+C stops it)")
        % {"url": f"http://{display_address(bind)}/"}
    )
    if environ and "ALLIES_SITE_URL" in environ:
        stdout.write(
            _("Phones in the room open %(url)s and type the join code.")
            % {"url": f"{environ['ALLIES_SITE_URL']}/w/"}
        )
    stdout.flush()
    sys.stderr.flush()
    os.environ.update(environ or {})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
    if worker:
        stdout.write(_("Background jobs (large imports) run in a worker beside it."))
        stdout.flush()
        start_worker(environ or {})
    os.execv(sys.executable, gunicorn_argv(bind, workers))  # noqa: S606 - argv list, no shell


def server_address(bind: str, lan: bool) -> tuple[str, dict]:
    """The address to serve on and what the server processes must know about it.

    With `--lan`: the machine's address on the room's network (the port of --bind), added to
    ALLOWED_HOSTS, and ALLIES_SITE_URL unless it is set, so that join addresses and QR codes of a
    workshop are ones a phone in the room can open.
    """
    if not lan:
        return bind, {}
    address = network.lan_address()
    if address is None:
        raise CommandError(
            _(
                "This machine has no address on a network (only 127.0.0.1, which phones cannot "
                "open). Connect it to the room's Wi-Fi, then start again."
            )
        )
    _host, sep, port = bind.rpartition(":")
    port = port if sep else "8000"
    environ = {"ALLOWED_HOSTS": ",".join([*settings.ALLOWED_HOSTS, address])}
    if env.site_url() is None:
        environ["ALLIES_SITE_URL"] = f"http://{address}:{port}"
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
        "--bind",
        default="127.0.0.1:8000",
        help=gettext_lazy("Address and port (default 127.0.0.1:8000)."),
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "2")),
        help=gettext_lazy("Worker processes (default $WEB_CONCURRENCY or 2)."),
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help=gettext_lazy(
            "Do not start a background worker beside the server (run allies worker as its own "
            "service instead)."
        ),
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help=gettext_lazy(
            "Serve on this machine's address on the local network (port of --bind), so that "
            "phones in the room can join a workshop."
        ),
    )


def start_problems(
    bind: str,
    allowed_hosts: list[str],
    *,
    debug: bool,
    database: str,
    behind_proxy: bool = False,
) -> list[str]:
    """What must change before serving on `bind`: each problem says which variable to set.

    DEBUG is refused where others can reach the server (an address other than the machine's own,
    or a PostgreSQL installation); the address asked for must be one ALLOWED_HOSTS accepts, or
    every request would be refused with a 400. That address is the one served, except when
    serving on every address, or on this machine's own address behind a proxy (nginx passes the
    site's name on): then it is ALLIES_SITE_URL's.
    """
    host, _sep, _port = bind.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 - only compared
    everywhere = host in ("0.0.0.0", "::")  # noqa: S104 - only compared
    problems = []
    if debug and ("postgresql" in database or everywhere or not network.is_loopback_host(host)):
        problems.append(
            _("DEBUG is on: error pages would show this server's internals to anyone. Set DEBUG=0.")
        )
    asked = host
    if everywhere or (behind_proxy and network.is_loopback_host(host)):
        site = env.site_url()
        asked = urlsplit(site).hostname if site else None
    if asked and not validate_host(asked, allowed_hosts):
        problems.append(
            _(
                "%(host)s is not in ALLOWED_HOSTS, so every request to it would be refused. "
                "Add it: ALLOWED_HOSTS=%(hosts)s"
            )
            % {"host": asked, "hosts": ",".join([*allowed_hosts, asked])}
        )
    return problems


def deployment_checks(stdout, *, quiet_warnings: bool = False) -> None:
    """Run `allies check --deploy`'s checks: refuse to start on an error, count the warnings."""
    messages = [m for m in run_checks(include_deployment_checks=True) if not m.is_silenced()]
    errors = [m for m in messages if m.is_serious()]
    if errors:
        raise CommandError(
            _("Allies will not start: ")
            + " ".join(f"{m.msg} {m.hint or ''}".strip() + f" ({m.id})" for m in errors)
        )
    if messages and not quiet_warnings:
        stdout.write(
            ngettext(
                "%(count)s deployment warning(s): %(ids)s. `allies check --deploy` explains them "
                "(docs/deploying.md, Security settings).",
                "%(count)s deployment warning(s): %(ids)s. `allies check --deploy` explains them "
                "(docs/deploying.md, Security settings).",
                len(messages),
            )
            % {"count": len(messages), "ids": ", ".join(m.id for m in messages)}
        )


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Serve Allies with gunicorn in the foreground (run `allies migrate` first).")

    requires_system_checks = []  # its own, with the deployment checks, in handle()

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, bind, workers, lan, no_worker, **options):
        # A laptop serving a workshop on the room's network runs without HTTPS on purpose.
        deployment_checks(self.stdout, quiet_warnings=lan)
        bind, environ = server_address(bind, lan)
        allowed = environ["ALLOWED_HOSTS"].split(",") if "ALLOWED_HOSTS" in environ else None
        problems = start_problems(
            bind,
            allowed or list(settings.ALLOWED_HOSTS),
            debug=settings.DEBUG,
            database=settings.DATABASES["default"]["ENGINE"],
            behind_proxy=settings.BEHIND_PROXY,
        )
        if problems:
            raise CommandError(_("Allies will not start: ") + " ".join(problems))
        serve(bind, workers, self.stdout, environ, worker=not no_worker)
