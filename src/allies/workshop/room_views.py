"""The trainer's downloads: the room's boards as a Word document, and the feedback summary.

Nothing here names a participant. Feedback comments are listed in a random order and dated to the
day only, so their order cannot be matched to the order people left the room.
"""

from __future__ import annotations

import random
from collections import Counter

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from allies.core import documents
from allies.core.charts import bar_chart
from allies.directory.exporting import write_csv
from allies.libraries.access import MEMBERS, library_view
from allies.stewardship.models import Frequency
from allies.workshop.access import workshop_or_404
from allies.workshop.activity_data import room_context
from allies.workshop.activity_forms import RATING_CHOICES, RECOMMEND_CHOICES
from allies.workshop.models import Feedback
from allies.workshop.worksheets import CASE_STUDY_FIELDS

CSV_KEYS = ("rating", "recommend", "most_useful", "improve")


@library_view(role=MEMBERS)
def boards_docx(request, workshop_id):
    workshop = workshop_or_404(request, workshop_id)
    document = documents.new_document(_("The room's boards"), request.library, workshop.title)
    _benefits(document, room_context(workshop, "benefits_board"))
    _case_study(document, room_context(workshop, "case_study"))
    _survey(document, room_context(workshop, "survey"))
    _counts(document, workshop)
    return documents.docx_response(document, f"boards-{workshop.pk}")


def _benefits(document, board: dict) -> None:
    documents.add_heading(document, _("Benefits board"))
    # Everything the room wrote (the live panel's columns show only the newest entries).
    columns = [board["partners"], board["receives"], board["offers"]]
    titles = [title for title, *_rest in board["columns"]]
    documents.add_table(
        document,
        [f"{title} ({len(items)})" for title, items in zip(titles, columns, strict=True)],
        [columns],
    )


def _case_study(document, case: dict) -> None:
    documents.add_heading(document, _("Case study: the groups' answers"))
    groups = case["groups"]
    rows = [
        [str(label), *[(group["answer"] or {}).get(key, "") for group in groups]]
        for label, key in CASE_STUDY_FIELDS
    ]
    headers = [""] + [_("Group %(number)s") % {"number": g["group"]} for g in groups]
    documents.add_table(document, headers, rows)


def _survey(document, survey: dict) -> None:
    documents.add_heading(document, _("Partnership assessment survey"))
    documents.add_paragraph(document, str(survey["answered"]), bold_lead=_("People who answered: "))
    documents.add_table(
        document,
        [_("Habit"), *[str(label) for label in Frequency.labels]],
        [(row["label"], *row["counts"]) for row in survey["spread"]],
    )


def _counts(document, workshop) -> None:
    trees = room_context(workshop, "connection_tree")
    questions = room_context(workshop, "key_questions")
    planning = room_context(workshop, "planning")
    documents.add_heading(document, _("Counts"))
    documents.add_table(
        document,
        [_("What"), _("Number")],
        [
            (_("Connection trees"), trees["trees"]),
            (_("Connections on the trees"), trees["connections"]),
            (_("Answered the key questions"), questions["answered"]),
            (_("Plans started"), planning["answered"]),
            (_("Plans complete"), planning["complete"]),
            (_("New opportunities named"), planning["opportunities"]),
            (_("Things to do for current partners"), planning["for_partners"]),
            (_("Feedback forms"), room_context(workshop, "feedback")["given"]),
        ],
    )


def feedback_summary(workshop) -> dict:
    """The ratings' spread, the recommendations and the comments in a random order."""
    rows = list(Feedback.objects.filter(workshop=workshop))
    random.SystemRandom().shuffle(rows)
    ratings = Counter(str(row.data.get("rating")) for row in rows)
    recommend = Counter(row.data.get("recommend") for row in rows)
    return {
        "count": len(rows),
        "ratings": [(label, ratings[value]) for value, label in RATING_CHOICES],
        "recommend": [(str(label), recommend[value]) for value, label in RECOMMEND_CHOICES],
        "useful": [row.data["most_useful"] for row in rows if row.data.get("most_useful")],
        "improve": [row.data["improve"] for row in rows if row.data.get("improve")],
        "days": sorted({row.given_on for row in rows}),
        "rows": rows,
    }


@library_view(role=MEMBERS)
def feedback(request, workshop_id):
    workshop = workshop_or_404(request, workshop_id)
    summary = feedback_summary(workshop)
    return render(
        request,
        "workshop/feedback_summary.html",
        {
            "workshop": workshop,
            "summary": summary,
            "ratings_chart": bar_chart(
                _("Ratings (1 = poor, 5 = excellent)"),
                summary["ratings"],
                label_header=_("Rating"),
                value_header=_("People"),
            ),
            "recommend_chart": bar_chart(
                _("Would recommend it"),
                summary["recommend"],
                label_header=_("Answer"),
                value_header=_("People"),
            ),
        },
    )


@library_view(role=MEMBERS)
def feedback_csv(request, workshop_id):
    workshop = workshop_or_404(request, workshop_id)
    rows = [
        [row.given_on.isoformat(), *(row.data.get(key, "") for key in CSV_KEYS)]
        for row in feedback_summary(workshop)["rows"]
    ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{workshop.pk}.csv"'
    write_csv([["day", *CSV_KEYS], *rows], response)  # neutralises formulas, as every export
    return response
