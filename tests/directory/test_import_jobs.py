"""Large imports run in the background: through `allies worker`, with progress, cancel, and the
housekeeping of imports whose worker died and of files never imported."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from allies.directory import import_jobs, importing
from allies.directory.models import ImportBatch, Organization
from allies.matching.models import WordMeaning

ROWS = b"Name,City\nRiverton Rotary Club,Riverton\nRiverton Food Shelf,Riverton\nArts Guild,Barre\n"


def url(name, *args, library="riverton"):
    return reverse(f"directory:{name}", args=[library, *args])


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.IMPORT_JOB_ROWS = 2  # a file of 3 rows is "large"


def run_worker():
    """`allies worker --batch`: the real worker runs what is queued, then stops. Its loop closes
    old connections between jobs, which would close the test's own transaction."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)


def queue(client, data=ROWS):
    client.post(
        url("import"), {"kind": "organizations", "file": SimpleUploadedFile("big.csv", data)}
    )
    batch = ImportBatch.objects.get()
    client.post(url("import_columns", batch.pk), {"column_0": "name", "column_1": "city"})
    return batch


@pytest.mark.django_db
def test_a_large_import_runs_in_the_worker_with_its_progress(staff_client, library, staff):
    batch = queue(staff_client)
    preview = staff_client.get(url("import_preview", batch.pk)).content.decode()
    assert "This file has about 3 rows: this preview checks the first 2" in preview
    assert "Import 3 organizations" in preview and "runs in the background" in preview

    response = staff_client.post(url("import_run", batch.pk), {"filled": "keep"})
    assert response["Location"] == url("import_report", batch.pk)  # at once: nothing written
    batch.refresh_from_db()
    assert batch.status == "queued" and batch.task_id and batch.run_by == staff
    assert not Organization.objects.exists()
    page = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "Waiting for the background worker" in page and "Cancel the import" in page
    assert 'hx-trigger="every 2s"' in page and "<script>" not in page
    assert staff_client.get(url("import_progress", batch.pk)).status_code == 200

    run_worker()
    batch.refresh_from_db()
    assert batch.status == "imported" and bytes(batch.data) == b""
    assert batch.report["created"] == 3 and batch.finished_at
    assert Organization.objects.filter(library=library).count() == 3
    assert Organization.objects.get(name="Arts Guild").history.get().history_user == staff
    # The words of the new names are read for the ranking by the worker, not by its first request.
    words = WordMeaning.objects.filter(library=library).values_list("word", flat=True)
    assert set(words) == {"riverton", "rotary", "club", "food", "shelf", "arts", "guild"}
    # The polling part sends the page to the report; the report says what happened.
    done = staff_client.get(url("import_progress", batch.pk), HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == url("import_report", batch.pk)
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "The import is done: 3 created and 0 updated" in report


@pytest.mark.django_db
def test_a_row_with_an_error_beyond_the_preview_fails_the_whole_job(staff_client, library):
    batch = queue(staff_client, ROWS + b",Nowhere\n")  # row 5 has no name
    staff_client.post(url("import_run", batch.pk))
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "failed" and not Organization.objects.exists()
    assert batch.report["errors"][0]["row"] == 5
    assert "Row 5:" in staff_client.get(url("import_report", batch.pk)).content.decode()


@pytest.mark.django_db
def test_cancel_before_and_while_it_runs(staff_client, library):
    batch = queue(staff_client)
    staff_client.post(url("import_run", batch.pk))
    staff_client.post(url("import_cancel", batch.pk))
    batch.refresh_from_db()
    assert batch.status == "cancelled" and bytes(batch.data) == b""
    run_worker()  # the queued job finds it cancelled and does nothing
    assert not Organization.objects.exists()
    assert "cancelled before it started" in (
        staff_client.get(url("import_report", batch.pk)).content.decode()
    )

    # Cancelled while the rows are checked: the job stops before writing anything.
    ImportBatch.objects.all().delete()
    batch = queue(staff_client)
    staff_client.post(url("import_run", batch.pk))
    plan_table = importing.plan_table

    def staff_cancel_meanwhile(*args, **kwargs):
        assert staff_client.post(url("import_cancel", batch.pk)).status_code == 302
        return plan_table(*args, **kwargs)

    with mock.patch.object(importing, "plan_table", staff_cancel_meanwhile):
        run_worker()
    batch.refresh_from_db()
    assert batch.status == "cancelled" and not Organization.objects.exists()


@pytest.mark.django_db
def test_an_import_whose_worker_died_is_marked_stopped(staff_client, library, settings):
    settings.IMPORT_JOB_TIMEOUT_MINUTES = 15
    long_ago = timezone.now() - timedelta(minutes=16)
    batch = ImportBatch.objects.create(
        library=library, filename="big.csv", kind="organizations", data=ROWS,
        status="running", step="writing", heartbeat_at=long_ago, rows_total=3,
    )  # fmt: skip
    alive = ImportBatch.objects.create(
        library=library, filename="b.csv", kind="organizations", data=ROWS,
        status="running", step="reading", heartbeat_at=timezone.now(),
    )  # fmt: skip
    run_worker()  # its housekeeping at start
    batch.refresh_from_db()
    alive.refresh_from_db()
    assert batch.status == "stopped" and bytes(batch.data) == b"" and batch.finished_at
    assert alive.status == "running"
    page = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "stopped while it was writing to the directory" in page
    assert "Rows to fix" not in page


@pytest.mark.django_db
def test_files_never_imported_are_deleted_after_a_day(library):
    old = timezone.now() - timedelta(hours=25)
    left = ImportBatch.objects.create(
        library=library, filename="a.csv", kind="organizations", data=ROWS, created_at=old
    )
    waiting = ImportBatch.objects.create(
        library=library, filename="w.csv", kind="organizations", data=ROWS, created_at=old,
        status="queued",
    )  # fmt: skip
    fresh = ImportBatch.objects.create(
        library=library, filename="b.csv", kind="organizations", data=ROWS
    )
    assert import_jobs.tidy() == {"stopped": 0, "files_deleted": 2}
    for batch in (left, waiting, fresh):
        batch.refresh_from_db()
    assert (left.status, bytes(left.data)) == ("expired", b"")
    assert (
        waiting.status == "stopped" and "never started it" in waiting.report["errors"][0]["message"]
    )
    assert (fresh.status, bytes(fresh.data)) == ("uploaded", ROWS)


@pytest.mark.django_db
def test_only_staff_of_the_library_follow_or_cancel_an_import(
    staff_client, library, outsider, volunteer
):
    batch = queue(staff_client)
    staff_client.post(url("import_run", batch.pk))
    outsider_client, volunteer_client = Client(), Client()
    outsider_client.force_login(outsider)
    volunteer_client.force_login(volunteer)
    for name in ("import_progress", "import_report"):
        assert outsider_client.get(url(name, batch.pk)).status_code == 404
        assert volunteer_client.get(url(name, batch.pk)).status_code == 403
    assert outsider_client.post(url("import_cancel", batch.pk)).status_code == 404
    assert volunteer_client.post(url("import_cancel", batch.pk)).status_code == 403
    # Nor through their own library's address.
    other = url("import_progress", batch.pk, library="elsewhere")
    assert outsider_client.get(other).status_code == 404
    batch.refresh_from_db()
    assert batch.status == "queued" and not batch.cancel_requested


def test_the_steps_before_a_large_import_read_only_its_first_rows():
    data = b"Name\n" + b"".join(b"Org %d\n" % n for n in range(50))
    table = importing.read_table(data, "big.csv", limit=10)
    assert len(table.rows) == 10 and table.row_count == 50 and table.partial
    assert not importing.read_table(data, "big.csv").partial


@pytest.mark.django_db
def test_a_cancel_while_writing_rolls_back_what_was_written(staff_client, library, monkeypatch):
    batch = queue(staff_client)
    staff_client.post(url("import_run", batch.pk))
    monkeypatch.setattr("allies.directory.importing.plan.BATCH_SIZE", 1)
    wrote = import_jobs._Watcher.wrote
    written = []

    def cancel_after_the_first_row(watcher, rows):
        written.append(Organization.objects.count())
        ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)
        wrote(watcher, rows)

    monkeypatch.setattr(import_jobs._Watcher, "wrote", cancel_after_the_first_row)
    run_worker()
    batch.refresh_from_db()
    assert written == [1]  # one organization was in the transaction when the cancel came
    assert batch.status == "cancelled" and not Organization.objects.exists()
