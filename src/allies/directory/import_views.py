"""The import steps (upload, columns, preview, import, report) and the export download.

Only staff and owners import or export. The uploaded file is kept on an ImportBatch, so each step
may be served by a different process; its bytes are dropped once the import has run.

A file of more than `settings.IMPORT_JOB_ROWS` rows is read only that far before the import (its
other rows are counted), its preview checks the first LARGE_PREVIEW_ROWS, and its import runs in
the background (`import_jobs`): the report page shows its progress until it is done.
"""

from __future__ import annotations

import io
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.directory import exporting, import_jobs, importing
from allies.directory.importing.bad_rows import bad_rows
from allies.directory.importing.reading import too_large
from allies.directory.models import ImportBatch
from allies.libraries.access import STAFF, library_view

log = logging.getLogger(__name__)
PREVIEW_ROWS = 20
# The rows of a large file that its preview checks (all of them are checked when it is imported).
LARGE_PREVIEW_ROWS = 200


def read_for_steps(data: bytes, filename: str, file_format: str = "auto") -> importing.Table:
    """The table the steps before the import show: a large file's first rows, the others counted."""
    table = importing.read_table(data, filename, file_format, limit=settings.IMPORT_JOB_ROWS)
    if table.partial:
        table.rows = table.rows[:LARGE_PREVIEW_ROWS]
    return table


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What does the file list?"),
        choices=ImportBatch.Kind.choices,
        initial=ImportBatch.Kind.ORGANIZATIONS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        error_messages={
            "required": gettext_lazy("Choose the spreadsheet file to import."),
            "empty": gettext_lazy(
                "The file is empty. Choose the spreadsheet that holds your list."
            ),
        },
        help_text=gettext_lazy(
            "CSV or Excel workbook (.xlsx), at most 20 MB, with column headings in the first row. "
            "The IRS exempt-organization extract is recognised by its headings."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or "kind" not in cleaned:
            return cleaned
        problem = too_large(upload.size)
        if problem:
            self.add_error("file", problem)
            return cleaned
        data = upload.read()
        try:
            table = read_for_steps(data, upload.name)
            mapping = []
            if table.file_format != "irs-bmf":
                mapping = importing.auto_mapping(table.headers, cleaned["kind"])
            if table.file_format == "irs-bmf" and cleaned["kind"] != importing.ORGANIZATIONS:
                raise importing.BadFile(
                    _("The IRS extract lists organizations: import it as organizations.")
                )
            if mapping and not any(mapping):
                importing.check_mapping(mapping, cleaned["kind"])
            if not table.rows:
                raise importing.BadFile(
                    _("The file has headings but no rows below them: there is nothing to import.")
                )
        except importing.BadFile as problem:
            self.add_error("file", problem.message)
            return cleaned
        cleaned.update(data=data, table=table, mapping=mapping)
        return cleaned


class ColumnsForm(forms.Form):
    """One choice per column of the file: the field it goes into, or 'Do not import'."""

    def __init__(self, table: importing.Table, kind: str, mapping: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        choices = [("", _("Do not import"))] + [
            (column.key, column.label) for column in importing.columns_for(kind)
        ]
        for index, heading in enumerate(table.headers):
            samples = table.samples(index)
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading or _("Column %(number)s (no heading)") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
                help_text=_("For example: %(values)s") % {"values": "; ".join(samples)}
                if samples
                else _("This column is empty."),
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]

    def clean(self):
        cleaned = super().clean()
        try:
            importing.check_mapping([cleaned.get(name, "") for name in self.fields], self.kind)
        except importing.BadFile as problem:
            raise forms.ValidationError(problem.message) from None
        return cleaned


def _batch(request, batch_id: int) -> ImportBatch:
    return get_object_or_404(ImportBatch, library=request.library, pk=batch_id)


def _step(request, url_name: str, batch: ImportBatch):
    """A redirect to another step of this batch's import."""
    return redirect(url_name, library_slug=request.library.slug, batch_id=batch.pk)


def _read(batch: ImportBatch) -> importing.Table:
    return read_for_steps(bytes(batch.data), batch.filename, batch.file_format or "auto")


def _plan(
    request, batch: ImportBatch, table: importing.Table, merge_rows=None
) -> importing.ImportPlan:
    return importing.plan_table(
        table,
        request.library,
        batch.kind,
        filename=batch.filename,
        mapping=batch.mapping or None,
        merge_rows=batch.merge_rows if merge_rows is None else merge_rows,
    )


def _merge_choices(request) -> list[int] | None:
    """The rows the preview's form says to merge into the organization they look like
    ("merge-<row>" = "merge"), or None when the form has no such choice."""
    names = [name for name in request.POST if name.startswith("merge-")]
    if not names:
        return None
    rows = []
    for name in names:
        number = name.removeprefix("merge-")
        if number.isdigit() and request.POST.get(name) == "merge":
            rows.append(int(number))
    return sorted(rows)


def _waiting(request, batch_id: int):
    """(batch, table, None) for a batch still to be imported, its file read again; otherwise
    (batch, None, redirect): to its report once it has run, to the upload page (with a message)
    when its file can no longer be read."""
    batch = _batch(request, batch_id)
    if batch.status != ImportBatch.Status.UPLOADED:
        return batch, None, _step(request, "directory:import_report", batch)
    try:
        return batch, _read(batch), None
    except importing.BadFile as problem:
        messages.error(request, problem.message)
        return batch, None, redirect("directory:import", library_slug=request.library.slug)


@library_view(role=STAFF)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        table = form.cleaned_data["table"]
        batch = ImportBatch.objects.create(
            library=request.library,
            created_by=request.user,
            filename=form.cleaned_data["file"].name[:255],
            kind=form.cleaned_data["kind"],
            file_format=table.file_format,
            data=form.cleaned_data["data"],
            mapping=form.cleaned_data["mapping"],
            rows_total=table.row_count,
        )
        step = (
            "directory:import_preview"
            if table.file_format == "irs-bmf"
            else "directory:import_columns"
        )
        return _step(request, step, batch)
    import_jobs.tidy(batches=ImportBatch.objects.filter(library=request.library))
    recent = ImportBatch.objects.filter(library=request.library).defer("data", "report")[:10]
    return render(request, "directory/import.html", {"form": form, "recent": recent})


@library_view(role=STAFF)
def import_columns(request, batch_id):
    batch, table, elsewhere = _waiting(request, batch_id)
    if elsewhere:
        return elsewhere
    if table.file_format == "irs-bmf":
        return _step(request, "directory:import_preview", batch)
    form = ColumnsForm(table, batch.kind, batch.mapping, request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch.mapping = form.mapping()
        batch.save(update_fields=["mapping"])
        return _step(request, "directory:import_preview", batch)
    return render(request, "directory/import_columns.html", {"batch": batch, "form": form})


@library_view(role=STAFF)
def import_preview(request, batch_id):
    batch, table, elsewhere = _waiting(request, batch_id)
    if elsewhere:
        return elsewhere
    if request.method == "POST":  # "Show what merging changes": keep the choices, show again
        chosen = _merge_choices(request)
        if chosen is not None:
            batch.merge_rows = chosen
            batch.save(update_fields=["merge_rows"])
        return _step(request, "directory:import_preview", batch)
    try:
        plan = _plan(request, batch, table)
    except importing.BadFile as problem:
        messages.error(request, problem.message)
        return _step(request, "directory:import_columns", batch)
    report = plan.report(dry_run=True)
    good_rows = plan.good_rows if report.errors else 0
    filled = sum(1 for row in report.rows for change in row.get("changes", ()) if change["filled"])
    look_alike = [row for row in report.rows if row.get("duplicate_of") and not row["errors"]]
    return render(
        request,
        "directory/import_preview.html",
        {
            "batch": batch,
            "report": report,
            "first_rows": report.rows[:PREVIEW_ROWS],
            "to_write": report.created + report.updated,
            "filled_changes": filled,
            "good_rows": 0 if table.partial else good_rows,
            "look_alike": look_alike,
            "table": table,
            "import_count": table.row_count if table.partial else report.total,
            "in_background": import_jobs.runs_in_background(table),
        },
    )


@library_view(role=STAFF)
def import_run(request, batch_id):
    batch = _batch(request, batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Filled fields keep what staff have unless they chose the file's value (all, or ticked).
    # "Import the N good rows" is a second, explicit choice: never what the form sends first.
    options = {
        "take_all": request.POST.get("filled") == "take",
        "take": request.POST.getlist("take"),
        "good_rows": request.POST.get("good_rows") == "1",
        "merge_rows": _merge_choices(request),
    }
    if options["merge_rows"] is not None:
        # The rows to merge into the organization they look like travel with the batch (a
        # background import reads them from there).
        batch.merge_rows = options["merge_rows"]
        batch.save(update_fields=["merge_rows"])
    if (batch.rows_total or 0) > settings.IMPORT_JOB_ROWS:
        import_jobs.start(batch, user=request.user, options=options)
        return _step(request, "directory:import_report", batch)
    # Claim the batch so that a double click or a second process cannot import it twice; if this
    # process dies, the batch stays "running" until import_jobs.tidy marks it as stopped.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.UPLOADED).update(
        status=ImportBatch.Status.RUNNING, run_by=request.user, heartbeat_at=timezone.now()
    )
    if not claimed:
        return _step(request, "directory:import_report", batch)
    try:
        table = importing.read_table(bytes(batch.data), batch.filename, batch.file_format or "auto")
        plan = _plan(request, batch, table, merge_rows=options["merge_rows"])
        plan.choose(take_all=options["take_all"], take=options["take"])
        report = plan.apply(user=request.user, good_rows_only=options["good_rows"])
    except importing.BadFile as problem:
        report = importing.ImportReport.for_bad_file(batch.kind, batch.filename, problem.message)
        table = None
    import_jobs.finish(batch, report, table)
    return _step(request, "directory:import_report", batch)


@library_view(role=STAFF)
def import_progress(request, batch_id):
    """The progress of a background import: the page polls this part (htmx) while it runs, and
    is sent to the report once it is done."""
    batch = _batch(request, batch_id)
    import_jobs.tidy(batches=ImportBatch.objects.filter(pk=batch.pk))
    batch.refresh_from_db()
    if not batch.in_progress:
        report = _step(request, "directory:import_report", batch)
        if request.htmx:  # the whole page goes to the report
            response = HttpResponse(status=200)
            response["HX-Redirect"] = report["Location"]
            return response
        return report
    return render(request, "directory/_import_progress.html", {"batch": batch})


@library_view(role=STAFF)
def import_cancel(request, batch_id):
    batch = _batch(request, batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        asked = import_jobs.cancel(batch)
    except OperationalError:  # SQLite, while the import writes: nobody else can write then
        log.info("Cancel of import batch %s refused: the database is busy", batch.pk)
        asked = False
    if asked:
        messages.success(request, _("Cancelling the import: nothing will be written."))
    else:
        messages.error(
            request,
            _(
                "The import could not be cancelled: it has finished, or it is writing its last rows."
            ),
        )
    return _step(request, "directory:import_report", batch)


@library_view(role=STAFF)
def import_report(request, batch_id):
    batch = _batch(request, batch_id)
    if batch.status == ImportBatch.Status.UPLOADED:
        return _step(request, "directory:import_preview", batch)
    import_jobs.tidy(batches=ImportBatch.objects.filter(pk=batch.pk))
    batch.refresh_from_db()
    if batch.in_progress:
        return render(request, "directory/import_running.html", {"batch": batch})
    report = importing.ImportReport.from_dict(
        batch.report or {"kind": batch.kind, "filename": batch.filename}
    )
    problems = [row for row in report.rows if row["errors"] or row["warnings"]]
    return render(
        request,
        "directory/import_report.html",
        {
            "batch": batch,
            "report": report,
            "problems": problems,
            "rows": report.rows[:500],
            "has_bad_rows": len((batch.report or {}).get("bad_rows") or []) > 1,
        },
    )


@library_view(role=STAFF)
def import_bad_rows(request, batch_id):
    """The rows to fix as a spreadsheet (XLSX, or CSV with ?format=csv), with what to fix."""
    batch = _batch(request, batch_id)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in exporting.FORMATS:
        raise Http404("No such format")
    if batch.status == ImportBatch.Status.UPLOADED:
        try:
            table = _read(batch)
            rows = bad_rows(table, _plan(request, batch, table).report(dry_run=True))
        except importing.BadFile:
            rows = []
    else:
        rows = (batch.report or {}).get("bad_rows") or []
    if len(rows) < 2:
        raise Http404("No rows to fix")
    buffer = io.BytesIO()
    if file_format == "xlsx":
        exporting.write_xlsx(rows, buffer, title=_("Rows to fix"))
    else:
        text = io.StringIO(newline="")
        exporting.write_csv(rows, text)
        buffer.write(text.getvalue().encode("utf-8"))
    response = HttpResponse(buffer.getvalue(), content_type=exporting.CONTENT_TYPES[file_format])
    stem = batch.filename.rsplit(".", 1)[0] or "import"
    name = f"{stem}-rows-to-fix.{file_format}".replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@library_view(role=STAFF)
def export(request):
    """Download this library's organizations or people as CSV or XLSX."""
    what = request.GET.get("what", exporting.ORGANIZATIONS)
    file_format = request.GET.get("format", "csv")
    if what not in exporting.WHAT or file_format not in exporting.FORMATS:
        raise Http404("No such export")
    content = exporting.export_bytes(request.library, what, file_format)
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[file_format])
    filename = exporting.filename_for(request.library, what, file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
