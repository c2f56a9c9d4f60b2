"""Importing my contacts from a vCard (.vcf) file and connections from a CSV spreadsheet: upload,
preview every row, then import all or nothing and show the report. The reading and writing live
in `connections.importing`."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from allies.connections import forms
from allies.connections import importing as contact_importing
from allies.connections.models import ContactImport
from allies.connections.vcard import NotAVCard
from allies.directory.importing import BadFile
from allies.libraries.access import STAFF, library_view


@library_view(role=STAFF)
def import_contacts(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        problem = contact_importing.problem_with(
            data, upload.name, form.cleaned_data["file_format"], request.library, request.user
        )
        if problem:
            form.add_error("file", problem)
        else:
            batch = ContactImport.objects.create(
                library=request.library,
                created_by=request.user,
                filename=upload.name[:255],
                file_format=form.cleaned_data["file_format"],
                kind=form.cleaned_data["kind"],
                strength=form.cleaned_data["strength"],
                data=data,
            )
            return redirect("connections:import_preview", request.library.slug, batch.pk)
    return render(request, "connections/import.html", {"form": form})


def _batch(request, contact_import_id) -> ContactImport:
    """An upload of the signed-in member; anyone else's is 404."""
    return get_object_or_404(
        ContactImport, library=request.library, created_by=request.user, pk=contact_import_id
    )


@library_view(role=STAFF)
def import_preview(request, contact_import_id):
    batch = _batch(request, contact_import_id)
    if batch.status != ContactImport.Status.UPLOADED:
        return redirect("connections:import_report", request.library.slug, batch.pk)
    if request.method == "POST":
        contact_importing.run_upload(batch, request.user)
        return redirect("connections:import_report", request.library.slug, batch.pk)
    try:
        plan = contact_importing.plan_upload(batch, request.user)
    except (NotAVCard, BadFile):
        messages.error(request, _("This file can no longer be read. Upload it again."))
        return redirect("connections:import", request.library.slug)
    return render(
        request, "connections/import_preview.html", {"batch": batch, "report": plan.report()}
    )


@library_view(role=STAFF)
def import_report(request, contact_import_id):
    batch = _batch(request, contact_import_id)
    if batch.status == ContactImport.Status.UPLOADED:
        return redirect("connections:import_preview", request.library.slug, batch.pk)
    return render(
        request, "connections/import_report.html", {"batch": batch, "report": batch.report}
    )
