"""A participant's own filled worksheets, to print or download as a Word document.

Everything they wrote in the session, in the order of the session: their benefits board entries, their
connection tree, their key questions, their group's case study answer, their survey, their plan and the
tips to take home.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.connections.models import Kind
from allies.core import documents
from allies.matching.models import QUESTIONS
from allies.stewardship.models import Frequency, Habit
from allies.workshop.access import participant_view
from allies.workshop.activity_data import handout, planning_missing, tree_drawing
from allies.workshop.models import GroupAnswer, Participant
from allies.workshop.participant_views import device_link


def filled_worksheets(participant: Participant) -> dict:
    """What the participant wrote, activity by activity (one query for their answers)."""
    workshop = participant.workshop
    rows = list(participant.contributions.order_by("created_at", "id"))
    latest = {row.activity: row.data for row in rows}  # later rows win
    tree = latest.get("connection_tree", {})
    key_questions = latest.get("key_questions", {})
    survey = latest.get("survey", {})
    frequencies = dict(Frequency.choices)
    group_answer = None
    if participant.group is not None:
        answer = GroupAnswer.objects.filter(workshop=workshop, group=participant.group).first()
        group_answer = answer.data if answer else None
    planning = latest.get("planning", {})
    return {
        "benefits": [row.data for row in rows if row.activity == "benefits_board"],
        "tree": tree,
        "tree_drawing": tree_drawing(tree),
        "key_partner": key_questions.get("partner", ""),
        "key_answers": [
            (str(q.text), key_questions.get("answers", {}).get(q.code, "")) for q in QUESTIONS
        ],
        "group": participant.group,
        "case_study": group_answer,
        "survey": [(str(h.label), str(frequencies.get(survey.get(h.value), ""))) for h in Habit],
        "planning": planning,
        "planning_missing": planning_missing(planning),
        **handout(workshop),
    }


@participant_view
def worksheets(request):
    participant = request.participant
    if request.GET.get("handout"):  # the reminders and tips alone, to print
        return render(
            request,
            "workshop/worksheets_handout.html",
            {"workshop": request.workshop, **handout(request.workshop)},
        )
    return render(
        request,
        "workshop/worksheets.html",
        {
            "workshop": request.workshop,
            "participant": participant,
            "sheets": filled_worksheets(participant),
            **device_link(request, participant),
        },
    )


@participant_view
def worksheets_docx(request):
    participant = request.participant
    document = worksheets_document(request.workshop, participant)
    return documents.docx_response(document, f"worksheets-{request.workshop.join_code}")


def worksheets_document(workshop, participant):
    sheets = filled_worksheets(participant)
    document = documents.new_document(
        _("My worksheets"), workshop.library, subtitle=str(workshop.title)
    )
    documents.add_heading(document, _("Benefits of partnerships"))
    if sheets["benefits"]:
        documents.add_table(
            document,
            [_("Partner"), _("The library receives"), _("The library offers")],
            [(e.get("partner"), e.get("receives"), e.get("offers")) for e in sheets["benefits"]],
        )
    else:
        documents.add_paragraph(document, _("Nothing written."))
    _tree_section(document, sheets["tree"])
    documents.add_heading(document, _("Key partnership questions"))
    if sheets["key_partner"]:
        documents.add_paragraph(document, sheets["key_partner"], bold_lead=_("Partner: "))
    documents.add_table(document, [_("Question"), _("Answer")], sheets["key_answers"])
    _case_study_section(document, sheets)
    documents.add_heading(document, _("Partnership assessment survey"))
    documents.add_table(document, [_("Habit"), _("How often")], sheets["survey"])
    _planning_section(document, sheets["planning"])
    documents.add_heading(document, _("Reminders and tips"))
    documents.add_bullets(document, sheets["tips"])
    documents.add_paragraph(document, bold_lead=_("Habits that keep partnerships healthy"))
    documents.add_bullets(document, sheets["habits"])
    return document


def _tree_section(document, tree: dict) -> None:
    documents.add_heading(document, _("My connection tree"))
    if not tree.get("partner"):
        documents.add_paragraph(document, _("Nothing written."))
        return
    documents.add_paragraph(document, tree["partner"], bold_lead=_("Potential partner: "))
    documents.add_table(
        document,
        [_("Person"), _("How I know them"), _("Through whom")],
        [(p["name"], _kind_label(p.get("how")), p.get("through", "")) for p in tree["people"]],
    )


def _kind_label(value) -> str:
    return str(dict(Kind.choices).get(value, value or ""))


def _case_study_section(document, sheets: dict) -> None:
    documents.add_heading(document, _("Case study"))
    answer = sheets["case_study"]
    if not answer:
        documents.add_paragraph(document, _("Nothing written."))
        return
    documents.add_paragraph(document, _("Group %(number)s") % {"number": sheets["group"]})
    for label, key in CASE_STUDY_FIELDS:
        documents.add_paragraph(document, answer.get(key, ""), bold_lead=f"{label}: ")


CASE_STUDY_FIELDS = [
    (gettext_lazy("Partner chosen"), "partner"),
    (gettext_lazy("Why a good fit"), "why"),
    (gettext_lazy("The library gains"), "to_library"),
    (gettext_lazy("The library offers"), "to_partner"),
    (gettext_lazy("Steps"), "steps"),
]


def _planning_section(document, planning: dict) -> None:
    documents.add_heading(document, _("Partnership planning"))
    documents.add_paragraph(
        document,
        planning.get("partners_who_could_help", ""),
        bold_lead=_("Partners who could help, and why: "),
    )
    documents.add_paragraph(document, bold_lead=_("New opportunities"))
    documents.add_table(
        document,
        [_("Organization"), _("Why, first step"), _("By when")],
        [(r["partner"], r.get("why"), r.get("due_on")) for r in planning.get("opportunities", [])],
    )
    documents.add_paragraph(document, bold_lead=_("For current partners"))
    documents.add_table(
        document,
        [_("Partner"), _("What"), _("By when")],
        [(r["partner"], r.get("what"), r.get("due_on")) for r in planning.get("for_partners", [])],
    )
