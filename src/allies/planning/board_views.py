"""The benefits board: for every open partner, what the library receives and what it offers them.

Filled from the partnerships' own records (benefits_to_library, benefits_to_partner), so the board and
each partnership's page always say the same words. Staff edit every row on one page; the print view
drops the navigation so the board fits on paper.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.core import documents
from allies.core.dates import full_date
from allies.core.documents import Document, Section, Table
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.partnerships.models import Commitment, CommitmentStatus, Partnership, Side, Stage
from allies.planning.board_forms import BenefitsFormSet

RECENT_DAYS = 365
CHANGE_REASON = "Benefits board"


def board_partnerships(library):
    """The library's open partnerships: active and pilot first, then the others, by name."""
    first = Case(
        When(stage__in=[Stage.ACTIVE, Stage.PILOT], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Partnership.objects.for_library(library)
        .open()
        .select_related("organization")
        .order_by(first, "organization__name", "id")
    )


def _with_kept_commitments(partnerships, today: datetime.date):
    """Prefetch each partnership's commitments kept in the last year (one query for all rows)."""
    kept = Commitment.objects.filter(
        status=CommitmentStatus.KEPT, done_on__gte=today - datetime.timedelta(days=RECENT_DAYS)
    ).order_by("-done_on", "-id")
    return partnerships.prefetch_related(Prefetch("commitments", queryset=kept, to_attr="kept"))


def _rows(partnerships):
    return [
        {
            "partnership": partnership,
            "from_them": [c for c in partnership.kept if c.owed_by == Side.PARTNER],
            "from_us": [c for c in partnership.kept if c.owed_by == Side.LIBRARY],
        }
        for partnership in partnerships
    ]


@library_view(role=MEMBERS)
def benefits_board(request):
    today = timezone.localdate()
    partnerships = _with_kept_commitments(board_partnerships(request.library), today)
    printing = bool(request.GET.get("print"))
    rows = _rows(partnerships)
    if printing:
        document = board_document(request.library, rows, today)
        return render(request, "planning/benefits_board_print.html", {"document": document})
    return render(
        request,
        "planning/benefits_board.html",
        {"rows": rows, "today": today},
    )


@library_view(role=MEMBERS)
def benefits_board_docx(request):
    """The board as a Word document: the printable board's document."""
    today = timezone.localdate()
    rows = _rows(_with_kept_commitments(board_partnerships(request.library), today))
    document = board_document(request.library, rows, today)
    return documents.docx_response(documents.to_docx(document, request.library), "benefits-board")


def board_document(library, rows, today) -> Document:
    """The board on paper and in Word: partner, what the library receives, what it offers."""
    table = [
        (
            [row["partnership"].organization.name, row["partnership"].get_stage_display()],
            _cell(row["partnership"].benefits_to_library, row["from_them"]),
            _cell(row["partnership"].benefits_to_partner, row["from_us"]),
        )
        for row in rows
    ]
    headers = [
        _("Our partners"),
        _("What the library receives from them"),
        _("What the library offers them"),
    ]
    caption = _(
        "Benefits board of %(name)s: what each partner and the library gain from working together"
    ) % {"name": library.name}
    return Document(
        _("Benefits board: %(name)s") % {"name": library.name},
        subtitle=_("As of %(day)s.") % {"day": full_date(today)},
        sections=[
            Section(
                _("Open partnerships"),
                [Table(headers, table, caption=caption)] if table else [],
                empty=_("No open partnership yet."),
            )
        ],
    )


def _cell(benefits: str, kept) -> list[str]:
    """The benefits in the partnership's words, then the promises kept in the last year."""
    lines = [line for line in benefits.splitlines() if line.strip()] or [_("not written yet")]
    if kept:
        lines.append(_("Kept in the last year:") + " " + "; ".join(c.what for c in kept))
    return lines


@library_view(role=STAFF)
def benefits_board_edit(request):
    queryset = board_partnerships(request.library)
    formset = BenefitsFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST":
        if not formset.management_form.is_valid() or any(
            form.instance.pk is None for form in formset.forms
        ):
            # A partnership that is not (or no longer) on this library's board: save nothing.
            return HttpResponseBadRequest(
                _(
                    "This board no longer matches the library's partnerships: nothing was saved. "
                    "Open the board again."
                )
            )
        if formset.is_valid():
            saved = _save(request, formset)
            if saved:
                messages.success(
                    request,
                    ngettext(
                        "Benefits board saved: %(count)s partnership updated.",
                        "Benefits board saved: %(count)s partnerships updated.",
                        saved,
                    )
                    % {"count": saved},
                )
            else:
                messages.info(request, _("Nothing had changed."))
            return redirect("planning:benefits_board", library_slug=request.library.slug)
    return render(
        request,
        "planning/benefits_board_edit.html",
        {
            "formset": formset,
            "conflicts": [form for form in formset.forms if getattr(form, "conflict", None)],
        },
        status=400 if request.method == "POST" else 200,
    )


def _save(request, formset) -> int:
    """Save only the rows whose text changed, each with a history entry naming the board."""
    saved = 0
    for form in formset.forms:
        changed = form.changed_texts()
        if not changed:
            continue
        partnership = form.instance  # already holds the typed values
        partnership._history_user = request.user
        partnership._change_reason = CHANGE_REASON
        partnership.save(update_fields=[*changed, "updated_at"])
        saved += 1
    return saved
