"""`allies worker`: run the background jobs (large imports) kept in the database.

django-tasks-db's worker (`db_worker`: the jobs one at a time, in priority order), plus Allies'
housekeeping once at start and then every minute in a thread of its own: imports whose job went
silent are marked as stopped, files never imported are deleted after a day
(`allies.directory.import_jobs.tidy`). `allies serve` and `allies demo` start one beside the web
server with `--parent PID`: it stops when that process is gone.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands import db_worker

from allies.directory import import_jobs

log = logging.getLogger("allies.worker")
HOUSEKEEPING_SECONDS = 60


def housekeeping() -> dict[str, int]:
    """One round of the import housekeeping; what it did is logged."""
    done = import_jobs.tidy()
    if any(done.values()):
        log.warning(
            "Imports marked as stopped: %(stopped)s; files of unfinished imports deleted: "
            "%(files_deleted)s",
            done,
        )
    return done


def alive(pid: int) -> bool:
    """Whether the process that started this one is still there."""
    if os.getppid() != pid:  # it started us; once gone, another process adopts us
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _keep_house(parent: int | None, stop: threading.Event) -> None:
    """The thread: the housekeeping every minute (and a look at the parent every second)."""
    waited = 0
    while not stop.wait(1):
        if parent is not None and not alive(parent):
            log.info("The server that started this worker stopped: stopping too.")
            os.kill(os.getpid(), signal.SIGTERM)  # the worker's own graceful stop
            return
        waited += 1
        if waited < HOUSEKEEPING_SECONDS:
            continue
        waited = 0
        try:
            housekeeping()
        except Exception:  # a busy SQLite database, a lost connection: next minute then
            log.warning("Import housekeeping failed; it runs again in a minute", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


class Command(db_worker.Command):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _(
            "Run the background jobs (imports of large files) as they come, and tidy unfinished "
            "imports every minute."
        )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            help=gettext_lazy(
                "Stop when the process with this id stops (allies serve and demo use it)."
            ),
        )
        parser.set_defaults(reload=False)

    def handle(self, *args, parent=None, batch=False, **options) -> None:
        housekeeping()
        stop = threading.Event()
        if not batch:
            threading.Thread(
                target=_keep_house, args=(parent, stop), name="housekeeping", daemon=True
            ).start()
        try:
            super().handle(*args, batch=batch, **options)
        finally:
            stop.set()
