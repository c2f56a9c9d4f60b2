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
            "document": worksheets_document(request.workshop, participant),
            **device_link(request, participant),
        },
    )


@participant_view
def worksheets_docx(request):
    document = worksheets_document(request.workshop, request.participant)
    word = documents.to_docx(document, request.workshop.library)
    return documents.docx_response(word, f"worksheets-{request.workshop.join_code}")


def worksheets_document(workshop, participant) -> documents.Document:
    """The worksheets once, for the page (documents/_sections.html) and for Word (to_docx)."""
    sheets = filled_worksheets(participant)
    benefits = [
        documents.Table(
            [_("Partner"), _("The library receives"), _("The library offers")],
            [(e.get("partner"), e.get("receives"), e.get("offers")) for e in sheets["benefits"]],
        )
    ]
    key_questions = [documents.Table([_("Question"), _("Answer")], sheets["key_answers"])]
    if sheets["key_partner"]:
        key_questions.insert(0, documents.Paragraph(sheets["key_partner"], lead=_("Partner: ")))
    return documents.Document(
        title=_("My worksheets"),
        subtitle=str(workshop.title),
        sections=[
            _section(
                _("Benefits of partnerships"), "benefits", benefits if sheets["benefits"] else []
            ),
            _section(_("My connection tree"), "tree", _tree_blocks(sheets)),
            _section(_("Key partnership questions"), "questions", key_questions),
            _section(_("Case study"), "case", _case_study_blocks(sheets)),
            _section(
                _("Partnership assessment survey"),
                "survey",
                [documents.Table([_("Habit"), _("How often")], sheets["survey"])],
            ),
            _planning_section(sheets["planning"], sheets["planning_missing"]),
            documents.Section(
                _("Reminders and tips"),
                anchor="handout",
                css="activity-sheet",
                subsections=[
                    documents.Section(
                        _("Tips for building partnerships"), [documents.Bullets(sheets["tips"])]
                    ),
                    documents.Section(
                        _("Habits that keep partnerships healthy"),
                        [documents.Bullets(sheets["habits"])],
                    ),
                ],
            ),
        ],
    )


def _section(title: str, anchor: str, blocks: list) -> documents.Section:
    return documents.Section(
        title, blocks, empty=_("Nothing written."), anchor=f"sheet-{anchor}", css="activity-sheet"
    )


def _tree_blocks(sheets: dict) -> list:
    tree = sheets["tree"]
    if not tree.get("partner"):
        return []
    people = documents.Table(
        [_("Person"), _("How I know them"), _("Through whom")],
        [(p["name"], _kind_label(p.get("how")), p.get("through", "")) for p in tree["people"]],
    )
    partner = documents.Paragraph(tree["partner"], lead=_("Potential partner: "))
    if not sheets["tree_drawing"]:
        return [partner, people]
    drawing = documents.Chart(
        sheets["tree_drawing"], "workshop/activities/_tree_chart.html", table=people
    )
    return [partner, drawing]


def _kind_label(value) -> str:
    return str(dict(Kind.choices).get(value, value or ""))


def _case_study_blocks(sheets: dict) -> list:
    answer = sheets["case_study"]
    if not answer:
        return []
    return [
        documents.Paragraph(_("The answer of group %(number)s:") % {"number": sheets["group"]}),
        documents.Facts([(label, answer.get(key, "")) for label, key in CASE_STUDY_FIELDS]),
    ]


CASE_STUDY_FIELDS = [
    (gettext_lazy("Partner chosen"), "partner"),
    (gettext_lazy("Why a good fit"), "why"),
    (gettext_lazy("The library gains"), "to_library"),
    (gettext_lazy("The library offers"), "to_partner"),
    (gettext_lazy("Steps"), "steps"),
]


def _planning_section(planning: dict, missing: list) -> documents.Section:
    blocks = [
        documents.Paragraph(
            planning.get("partners_who_could_help", ""),
            lead=_("Partners who could help, and why: "),
        )
    ]
    if missing:
        blocks.append(documents.Paragraph(f"{_('Still missing:')} {'; '.join(map(str, missing))}"))
    opportunities = documents.Table(
        [_("Organization"), _("Why, first step"), _("By when")],
        [(r["partner"], r.get("why"), r.get("due_on")) for r in planning.get("opportunities", [])],
    )
    for_partners = documents.Table(
        [_("Partner"), _("What"), _("By when")],
        [(r["partner"], r.get("what"), r.get("due_on")) for r in planning.get("for_partners", [])],
    )
    return documents.Section(
        _("Partnership planning"),
        blocks,
        anchor="sheet-plan",
        css="activity-sheet",
        subsections=[
            documents.Section(_("New opportunities"), [opportunities]),
            documents.Section(_("For current partners"), [for_partners]),
        ],
    )
