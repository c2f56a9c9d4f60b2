"""The action plan workbook of the sample library.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...): the
goal's plan is nearly finished (one thing to do for a partner is missing, and the letter to the
foundation is overdue, so it shows on the director's Today); the director's own plan is finished,
with items at every step of progress.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

GOAL_ANSWER = (
    "Three Rivers Community Foundation: its spring round is about digital inclusion, and Naomi "
    "already asked for a letter of intent.\n"
    "Hearthstone Club: its members sit on the town council's budget committee and could speak "
    "at the hearing.\n"
    "Ford Valley Workforce Center: its job seekers queue for our computers every morning; their "
    "numbers make the case."
)
DIRECTOR_ANSWER = (
    "The partners who already trust us (Hearthstone Club, the school district) can vouch for us; "
    "the new ones (Birchbark Books, the Workforce Center) reach adults we rarely see."
)

# (organization, kind, what, why, due in days, progress, done days ago)
GOAL_ITEMS = [
    (
        "Birchbark Books & Coffee",
        "opportunity",
        "Ask Dana to keep a donation jar for the computers fund by the till",
        "Dana offered to promote the library's fundraiser in the shop.",
        14,
        "under_way",
        None,
    ),
    (
        "Ford Valley Workforce Center",
        "opportunity",
        "Ask the Center for its count of job seekers sent to the library's computers",
        "The council listens to numbers about jobs.",
        21,
        "not_started",
        None,
    ),
    (
        "Three Rivers Community Foundation",
        "for_partner",
        "Send Naomi the letter of intent for two public computer stations",
        "The spring round closes soon; she asked for it.",
        -3,
        "under_way",
        None,
    ),
    (
        "Hearthstone Club of Maple Ford",
        "for_partner",
        "Ask Gloria whether two club members will speak at the budget hearing",
        "Council members listen to the club.",
        12,
        "not_started",
        None,
    ),
]
DIRECTOR_ITEMS = [
    (
        "Birchbark Books & Coffee",
        "opportunity",
        "Meet Dana at the shop about promoting the fundraiser",
        "",
        -20,
        "done",
        18,
    ),
    (
        "Ford Valley Workforce Center",
        "opportunity",
        "Offer a computer skills session at the Center's job club",
        "Reaches adults looking for work who do not come to the library.",
        30,
        "under_way",
        None,
    ),
    (
        "Ledgemont University",
        "opportunity",
        "Propose students run a tech help desk as a service placement",
        "Dean Pell left before answering; wait for the new dean.",
        None,
        "dropped",
        None,
    ),
    (
        "Hearthstone Club of Maple Ford",
        "for_partner",
        "Send the club the summer reading results with a thank-you card",
        "They funded the prizes.",
        -25,
        "done",
        26,
    ),
    (
        "Maple Ford School District",
        "for_partner",
        "Give the district the fall library card sign-up figures",
        "Beth wants them for the school board.",
        20,
        "under_way",
        None,
    ),
    (
        "Maple Ford Senior Center",
        "for_partner",
        "Find a new volunteer for tech help Tuesdays",
        "The partnership is paused until we do.",
        35,
        "not_started",
        None,
    ),
]


def add_workbook(story) -> None:
    """The goal's plan (one thing missing) and the director's own plan (finished)."""
    from allies.directory.models import Organization
    from allies.planning import workbook

    library, director = story["library"], story["director"]
    today = timezone.localdate()
    goal_plan = workbook.plan_for_goal(library.goals.get())
    mine = workbook.plan_for_member(library, director)
    workforce = Organization.objects.get(library=library, name="Ford Valley Workforce Center")
    workbook.start_prospect(library, workforce, by=director, plan=mine)
    for plan, answer, items in (
        (goal_plan, GOAL_ANSWER, GOAL_ITEMS),
        (mine, DIRECTOR_ANSWER, DIRECTOR_ITEMS),
    ):
        plan.partners_who_could_help = answer
        plan._history_user = director
        plan.save()
        for name, kind, what, why, due_in, progress, done_ago in items:
            item = workbook.add_item(
                plan,
                kind=kind,
                partnership=library.partnerships.get(organization__name=name),
                by=director,
                what=what,
                why=why,
                due_on=today + timedelta(days=due_in) if due_in is not None else None,
            )
            if progress != "not_started":
                day = today - timedelta(days=done_ago or 0)
                workbook.set_progress(item, progress, by=director, day=day)
    workbook.finish(mine, by=director, day=today - timedelta(days=2))
