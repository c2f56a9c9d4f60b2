"""Large imports in the background, and the housekeeping of import batches.

An import of more than `settings.IMPORT_JOB_ROWS` rows is not run in the request that asks for it:
`start` queues a job (django-tasks, its jobs kept in the database, so no broker is needed) and the
page polls the batch's progress until `allies worker` has run it. The job reads the whole file,
checks every row, then writes everything in one transaction, as a small import does: all or
nothing. Between steps, and every few hundred rows, it records how far it got (`rows_done`), shows
a sign of life (`heartbeat_at`) and looks whether staff asked to cancel.

While the rows are written, the job writes nothing else: anything it wrote would be in its
transaction, unseen until the end (and on SQLite nobody else can write then). So the page shows
that last step without a count, the job still looks for a cancel between chunks of rows (a cancel
rolls everything back), and the timeout (`IMPORT_JOB_TIMEOUT_MINUTES`) must be longer than the
longest write.

`tidy` marks as stopped a batch whose job showed no sign of life for longer than the timeout (its
worker died, the machine restarted: the transaction was rolled back, nothing was written), and
deletes the file of a batch that was uploaded more than a day ago and never imported. The worker
runs it every minute; the pages of a batch run it for that batch.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from allies.directory import importing
from allies.directory.importing.bad_rows import bad_rows
from allies.directory.models import ImportBatch
from allies.directory.signals import organizations_written

log = logging.getLogger(__name__)
Status = ImportBatch.Status
Step = ImportBatch.Step

# Seconds between two writes of a job's progress (each is one small UPDATE).
PROGRESS_SECONDS = 1.0


class Cancelled(Exception):
    """Staff asked to cancel the import: raised inside the job to roll everything back."""


def runs_in_background(table: importing.Table) -> bool:
    return table.row_count > settings.IMPORT_JOB_ROWS


def start(batch: ImportBatch, *, user, options: dict) -> bool:
    """Queue the batch's import (staff's choices from the preview in `options`). False when it
    had been claimed already (a double click, a second tab)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.UPLOADED).update(
        status=Status.QUEUED,
        options=options,
        run_by=user,
        heartbeat_at=timezone.now(),
        rows_done=0,
        cancel_requested=False,
    )
    if not claimed:
        return False
    result = run_batch.enqueue(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))
    return True


def finish(batch: ImportBatch, report: importing.ImportReport, table, *, status=None) -> None:
    """Keep the report, the rows to fix and the outcome on the batch; drop the file itself."""
    batch.report = report.as_dict()
    if table is not None and report.errors:
        # Kept for the download of the rows to fix: the file itself is dropped below.
        batch.report["bad_rows"] = bad_rows(table, report)
    if status is None:
        status = Status.IMPORTED if report.written else Status.FAILED
    batch.status = status
    batch.finished_at = timezone.now()
    batch.data = b""
    batch.save(update_fields=["report", "status", "finished_at", "data"])


def report_of(batch: ImportBatch, message: str) -> importing.ImportReport:
    """A report that says what happened to a batch that did not run to its end."""
    return importing.ImportReport.for_bad_file(batch.kind, batch.filename, message)


class _Watcher:
    """Records a job's progress and sign of life, at most every PROGRESS_SECONDS, and raises
    Cancelled when staff asked for it."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.done = 0
        self.last = 0.0

    def step(self, step: str, *, total: int | None = None) -> None:
        self.batch.step = step
        self.done = 0
        fields = {"step": step, "rows_done": 0}
        if total is not None:
            self.batch.rows_total = fields["rows_total"] = total
        self._write(fields)

    def read(self, rows: int) -> None:
        self.done = rows
        self._tick()

    def wrote(self, rows: int) -> None:
        """Inside the write transaction: only look for a cancel (a read, which locks nothing)."""
        if ImportBatch.objects.filter(pk=self.batch.pk, cancel_requested=True).exists():
            raise Cancelled

    def _tick(self) -> None:
        if time.monotonic() - self.last >= PROGRESS_SECONDS:
            self._write({"rows_done": self.done})

    def _write(self, fields: dict) -> None:
        self.last = time.monotonic()
        self.batch.rows_done = fields.get("rows_done", self.batch.rows_done)
        ImportBatch.objects.filter(pk=self.batch.pk).update(heartbeat_at=timezone.now(), **fields)
        if ImportBatch.objects.filter(pk=self.batch.pk, cancel_requested=True).exists():
            raise Cancelled


@task()
def run_batch(batch_id: int) -> str:
    """The background job of one import batch; returns what became of it."""
    now = timezone.now()
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status=Status.QUEUED, cancel_requested=False
    ).update(status=Status.RUNNING, started_at=now, heartbeat_at=now, step=Step.READING)
    if not claimed:
        return "not queued"
    batch = ImportBatch.objects.select_related("library", "run_by").get(pk=batch_id)
    watcher = _Watcher(batch)
    options = batch.options or {}
    table = None
    try:
        table = importing.read_table(
            bytes(batch.data), batch.filename, batch.file_format or "auto", progress=watcher.read
        )
        watcher.step(Step.CHECKING, total=len(table.rows))
        plan = importing.plan_table(
            table,
            batch.library,
            batch.kind,
            filename=batch.filename,
            mapping=batch.mapping or None,
            merge_rows=batch.merge_rows,
        )
        plan.choose(take_all=options.get("take_all", False), take=options.get("take", ()))
        watcher.step(Step.WRITING)
        report = plan.apply(
            user=batch.run_by,
            progress=watcher.wrote,
            good_rows_only=options.get("good_rows", False),
        )
    except Cancelled:
        message = _("The import was cancelled before it finished: nothing was written.")
        finish(batch, report_of(batch, message), None, status=Status.CANCELLED)
        return Status.CANCELLED
    except importing.BadFile as problem:
        report = report_of(batch, problem.message)
        table = None
    except Exception:
        log.exception("Import batch %s stopped on an error", batch_id)
        message = _(
            "The import stopped on an unexpected error: nothing was written. Try again; if it "
            "happens again, tell your administrator (the error is in the worker's log)."
        )
        finish(batch, report_of(batch, message), None, status=Status.STOPPED)
        raise
    finish(batch, report, table)
    if batch.kind == ImportBatch.Kind.ORGANIZATIONS and report.written:
        read_words_of_names(batch.library)
    return batch.status


def read_words_of_names(library) -> None:
    """Let the ranking read the new names now, not on its first request; an import that is
    written stays written whatever happens here (the ranking reads them if need be)."""
    try:
        organizations_written.send(sender=ImportBatch, library=library, progress=None)
    except Exception:
        log.exception("The new names of library %s were not read for the ranking", library.pk)


def cancel(batch: ImportBatch) -> bool:
    """Ask a queued or running import to stop; a queued one stops at once. False when it had
    already finished."""
    asked = (
        ImportBatch.objects.filter(pk=batch.pk, status__in=ImportBatch.IN_PROGRESS)
        .exclude(task_id="")  # a small import runs in its request, in seconds: not cancellable
        .update(cancel_requested=True)
    )
    if not asked:
        return False
    still_queued = ImportBatch.objects.filter(pk=batch.pk, status=Status.QUEUED)
    if still_queued.update(status=Status.CANCELLED):  # the worker will not start it
        message = _("The import was cancelled before it started: nothing was written.")
        finish(batch, report_of(batch, message), None, status=Status.CANCELLED)
    return True


def tidy(now=None, batches=None) -> dict[str, int]:
    """Mark silent imports as stopped and delete the files of batches never imported; returns
    how many of each. `batches` narrows it (a page tidies its own batch)."""
    now = now or timezone.now()
    batches = ImportBatch.objects.all() if batches is None else batches
    silent_since = now - timedelta(minutes=settings.IMPORT_JOB_TIMEOUT_MINUTES)
    stopped = 0
    silent = Q(heartbeat_at__lt=silent_since) | Q(
        heartbeat_at__isnull=True, created_at__lt=silent_since
    )
    for batch in batches.filter(silent, status=Status.RUNNING).defer("data", "report"):
        # Only the first to mark it writes the report (the worker and a page may both try).
        if ImportBatch.objects.filter(pk=batch.pk, status=Status.RUNNING).update(
            status=Status.STOPPED
        ):
            step = batch.get_step_display().lower() if batch.step else ""
            message = _(
                "The import stopped before it finished (the background worker or the server "
                "stopped while it was %(step)s): nothing was written. Upload the file again to "
                "import it."
            ) % {"step": step or _("starting")}
            finish(batch, report_of(batch, message), None, status=Status.STOPPED)
            # Its job stays "running" in the queue's table otherwise: say it failed.
            DBTaskResult.objects.filter(id=batch.task_id or None, status="RUNNING").update(
                status="FAILED", finished_at=now
            )
            stopped += 1
    kept_since = now - timedelta(hours=settings.IMPORT_FILE_KEPT_HOURS)
    old = batches.filter(created_at__lt=kept_since).exclude(data=b"")
    expired = old.filter(status=Status.UPLOADED).update(status=Status.EXPIRED, data=b"")
    # A queued import whose worker never came: its file goes too, and it says so.
    for batch in old.filter(status=Status.QUEUED).defer("data", "report"):
        if ImportBatch.objects.filter(pk=batch.pk, status=Status.QUEUED).update(
            status=Status.STOPPED
        ):
            message = _(
                "The import waited a day for the background worker, which never started it: "
                "nothing was written. Ask your administrator to run `allies worker`, then upload "
                "the file again."
            )
            finish(batch, report_of(batch, message), None, status=Status.STOPPED)
            expired += 1
    # The queue keeps each finished job's row: a day is enough.
    DBTaskResult.objects.finished().filter(finished_at__lt=kept_since).delete()
    return {"stopped": stopped, "files_deleted": expired}
