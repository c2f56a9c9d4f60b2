"""What each activity's templates need: a participant's own answers, and the room's for the trainer.

`participant_context(participant, key)` and `room_context(workshop, key)` return the context the
activity's participant and trainer templates (activities.py) are rendered with. Each reads the
activity's rows with one query; the room's summaries never name a participant, except the
connection trees whose authors chose to share them.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from allies.matching.models import QUESTIONS
from allies.stewardship.models import Frequency, Habit
from allies.workshop import activity_forms
from allies.workshop.activities import BY_KEY
from allies.workshop.limits import shortened
from allies.workshop.material import material_for
from allies.workshop.models import (
    Contribution,
    Feedback,
    GroupAnswer,
    Participant,
    Workshop,
    WorkshopStatus,
)

# Activities with one answer per participant (a single Contribution row, updated in place).
SINGLE = {"connection_tree", "key_questions", "survey", "planning"}


# Whether an activity takes answers now -----------------------------------------------------------


def part_index(workshop: Workshop, key: str) -> int | None:
    """Where the activity's part sits in this workshop's agenda (None when left out of it)."""
    part = str(BY_KEY[key].part)
    for index, item in enumerate(workshop.agenda):
        if item.get("part") == part:
            return index
    return None


def refusal(workshop: Workshop, key: str) -> str:
    """Why the activity takes no answer now ("" when it does): its part has not come, or the
    session has finished (what was written stays, read-only)."""
    if workshop.status == WorkshopStatus.FINISHED:
        return _("The session has finished: your answers are kept, but they cannot be changed.")
    index = part_index(workshop, key)
    if workshop.status != WorkshopStatus.RUNNING or index is None or index > workshop.current:
        return _("This activity opens when the trainer gets to it. Nothing was saved yet.")
    return ""


# A participant's own answers ---------------------------------------------------------------------


def participant_context(participant: Participant, key: str, form=None) -> dict:
    """The participant's own answers to the activity, its form (`form` when re-showing errors) and
    whether it takes answers now."""
    workshop = participant.workshop
    context = {"refusal": refusal(workshop, key), "key": key}
    context.update(_OWN[key](participant, workshop, form))
    return context


def own_rows(participant: Participant, key: str) -> list[Contribution]:
    return list(participant.contributions.filter(activity=key).order_by("created_at", "id"))


def own_answer(participant: Participant, key: str) -> dict:
    row = participant.contributions.filter(activity=key).order_by("-updated_at", "-id").first()
    return row.data if row else {}


def _benefits_own(participant, workshop, form):
    entries = own_rows(participant, "benefits_board")
    return {
        "entries": entries,
        "form": form or activity_forms.BenefitEntryForm(),
        "draft_version": draft_version(entries),
    }


def draft_version(entries: list[Contribution]) -> str:
    """Changes whenever the participant's entries change, however they were saved: a draft kept in
    the phone's browser from before a save is not put back in the emptied form (allies.js)."""
    latest = max((entry.updated_at.timestamp() for entry in entries), default=0)
    return f"{len(entries)}-{latest:.6f}"


def _single_own(key: str, form_class):
    def build(participant, workshop, form):
        answer = own_answer(participant, key)
        initial = form_class.initial_from(answer) if hasattr(form_class, "initial_from") else answer
        return {"answer": answer, "form": form or form_class(initial=initial)}

    return build


def _tree_own(participant, workshop, form):
    context = _single_own("connection_tree", activity_forms.ConnectionTreeForm)(
        participant, workshop, form
    )
    context["tree"] = tree_drawing(context["answer"])
    return context


def _key_questions_own(participant, workshop, form):
    context = _single_own("key_questions", activity_forms.KeyQuestionsForm)(
        participant, workshop, form
    )
    context["answered"] = answered_questions(context["answer"])
    return context


def answered_questions(answer: dict) -> list[tuple[str, str]]:
    """(question, answer) for the questions answered, in the questions' order."""
    answers = answer.get("answers", {})
    return [(str(q.text), answers[q.code]) for q in QUESTIONS if answers.get(q.code)]


def _case_study_own(participant, workshop, form):
    material = material_for(workshop)
    partners = [partner["name"] for partner in material.case_partners]
    context = {"material": material, "group": participant.group}
    if participant.group is None:
        return context
    answer = GroupAnswer.objects.filter(workshop=workshop, group=participant.group).first()
    context["group_answer"] = answer
    context["form"] = form or activity_forms.CaseStudyForm(
        initial=answer.data if answer else {}, partners=partners
    )
    return context


def _survey_own(participant, workshop, form):
    context = _single_own("survey", activity_forms.SurveyForm)(participant, workshop, form)
    labels = dict(Frequency.choices)
    context["answered"] = [
        (habit.label, labels.get(context["answer"].get(habit.value), ""))
        for habit in Habit
        if context["answer"].get(habit.value)
    ]
    return context


def _planning_own(participant, workshop, form):
    context = _single_own("planning", activity_forms.PlanningForm)(participant, workshop, form)
    context["missing"] = planning_missing(context["answer"])
    return context


def planning_missing(answer: dict) -> list[str]:
    """What the planning answer still lacks, in words."""
    missing = []
    if not answer.get("partners_who_could_help"):
        missing.append(_("which partners could help, and why"))
    lacking = activity_forms.OPPORTUNITIES - len(answer.get("opportunities", []))
    if lacking > 0:
        missing.append(
            ngettext("%(count)s more new opportunity", "%(count)s more new opportunities", lacking)
            % {"count": lacking}
        )
    things = len([row for row in answer.get("for_partners", []) if row.get("what")])
    lacking = activity_forms.FOR_PARTNERS - things
    if lacking > 0:
        missing.append(
            ngettext(
                "%(count)s more thing to do for current partners",
                "%(count)s more things to do for current partners",
                lacking,
            )
            % {"count": lacking}
        )
    return missing


def _handout_own(participant, workshop, form):
    return handout(workshop)


def handout(workshop: Workshop) -> dict:
    """The reminders and tips: the material's tips and the seven habits of the survey."""
    return {"tips": material_for(workshop).tips, "habits": [habit.label for habit in Habit]}


def _feedback_own(participant, workshop, form):
    if participant.gave_feedback:
        return {"given": True}
    return {"given": False, "form": form or activity_forms.FeedbackForm()}


_OWN = {
    "benefits_board": _benefits_own,
    "connection_tree": _tree_own,
    "key_questions": _key_questions_own,
    "case_study": _case_study_own,
    "survey": _survey_own,
    "planning": _planning_own,
    "handout": _handout_own,
    "feedback": _feedback_own,
}


# The connection tree drawing ---------------------------------------------------------------------

TREE_WIDTH = 640
LEVEL_HEIGHT = 90


def tree_drawing(answer: dict) -> dict | None:
    """Where to draw each name: the partner at the bottom, people known directly on the first
    level above it, people reached through someone on the second level; with lines between."""
    if not answer.get("partner"):
        return None
    people = answer.get("people", [])
    names = {person["name"].casefold() for person in people}
    first = [p for p in people if not p.get("through") or p["through"].casefold() not in names]
    second = [p for p in people if p not in first]
    height = LEVEL_HEIGHT * (2 if second else 1) + 55
    base = {"name": answer["partner"], "x": TREE_WIDTH // 2, "y": height - 25}
    nodes, lines = [], []
    places = {}
    for level, row in ((1, first), (2, second)):
        y = height - 25 - level * LEVEL_HEIGHT
        for index, person in enumerate(row):
            x = round(TREE_WIDTH * (index + 1) / (len(row) + 1))
            places[person["name"].casefold()] = (x, y)
            nodes.append({"name": person["name"], "x": x, "y": y, "level": level})
    for person in first:
        x, y = places[person["name"].casefold()]
        lines.append({"x1": base["x"], "y1": base["y"] - 12, "x2": x, "y2": y + 12})
    for person in second:
        x, y = places[person["name"].casefold()]
        x1, y1 = places[person["through"].casefold()]
        lines.append({"x1": x1, "y1": y1 - 12, "x2": x, "y2": y + 12})
    return {
        "width": TREE_WIDTH,
        "height": height,
        "base": base,
        "nodes": nodes,
        "lines": lines,
        "first": first,
        "second": second,
    }


# The room, for the trainer -----------------------------------------------------------------------


def room_context(workshop: Workshop, key: str) -> dict:
    """What the room has contributed to the activity, without participants' names."""
    return _ROOM[key](workshop)


def room_rows(workshop: Workshop, key: str) -> list[Contribution]:
    return list(
        Contribution.objects.filter(workshop=workshop, activity=key).order_by("created_at", "id")
    )


def _benefits_room(workshop):
    entries = [row.data for row in room_rows(workshop, "benefits_board")]
    partners = sorted({e["partner"] for e in entries if e.get("partner")}, key=str.casefold)
    receives = [e["receives"] for e in entries if e.get("receives")]
    offers = [e["offers"] for e in entries if e.get("offers")]
    # The live panel shows the newest LIVE_LIST_LIMIT of each column and counts the rest.
    columns = [
        (_("Partners"), *shortened(partners)),
        (_("What the library receives"), *shortened(receives)),
        (_("What the library offers"), *shortened(offers)),
    ]
    return {
        "entries": len(entries),
        "partners": partners,
        "receives": receives,
        "offers": offers,
        "columns": [(title, items, more, len(items) + more) for title, items, more in columns],
    }


def _tree_room(workshop):
    trees = [row.data for row in room_rows(workshop, "connection_tree")]
    shared, more = shortened([tree for tree in trees if tree.get("share")])
    return {
        "trees": len(trees),
        "connections": sum(len(tree.get("people", [])) for tree in trees),
        "shared": shared,
        "more_shared": more,
    }


def _key_questions_room(workshop):
    answers = [row.data for row in room_rows(workshop, "key_questions")]
    return {
        "answered": len([a for a in answers if a.get("answers")]),
        "started": len(answers),
        "partners": sorted({a["partner"] for a in answers if a.get("partner")}, key=str.casefold),
    }


def _case_study_room(workshop):
    answers = {answer.group: answer for answer in GroupAnswer.objects.filter(workshop=workshop)}
    groups = [
        {"group": number, "answer": answers[number].data if number in answers else None}
        for number in range(1, max([workshop.groups, *answers.keys()]) + 1)
    ]
    return {"groups": groups, "material": material_for(workshop)}


def survey_spread(rows: list[Contribution]) -> list[dict]:
    """For each habit, how many answered Always, Sometimes and Never (no names)."""
    counts = {habit.value: Counter() for habit in Habit}
    for row in rows:
        for habit, answer in row.data.items():
            if habit in counts and answer in Frequency.values:
                counts[habit][answer] += 1
    return [
        {
            "habit": habit.value,
            "label": str(habit.label),
            "counts": [counts[habit.value][frequency.value] for frequency in Frequency],
        }
        for habit in Habit
    ]


def _survey_room(workshop):
    from allies.core.charts import stacked_bar_chart

    rows = room_rows(workshop, "survey")
    spread = survey_spread(rows)
    answered = len(rows)
    chart = stacked_bar_chart(
        _("How often the room's libraries keep each habit"),
        [str(frequency.label) for frequency in Frequency],
        [(row["label"], row["counts"]) for row in spread],
        label_header=_("Habit"),
        colours=[frequency.value for frequency in Frequency],
    )
    return {"spread": spread, "answered": answered, "chart": chart}


def _planning_room(workshop):
    answers = [row.data for row in room_rows(workshop, "planning")]
    return {
        "answered": len(answers),
        "complete": len([a for a in answers if not planning_missing(a)]),
        "opportunities": sum(len(a.get("opportunities", [])) for a in answers),
        "for_partners": sum(len(a.get("for_partners", [])) for a in answers),
    }


def _feedback_room(workshop):
    return {"given": Feedback.objects.filter(workshop=workshop).count()}


_ROOM = {
    "benefits_board": _benefits_room,
    "connection_tree": _tree_room,
    "key_questions": _key_questions_room,
    "case_study": _case_study_room,
    "survey": _survey_room,
    "planning": _planning_room,
    "handout": handout,
    "feedback": _feedback_room,
}
