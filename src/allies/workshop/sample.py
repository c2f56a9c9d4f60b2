"""A finished training session in the sample library, with what its room wrote in every activity.

Called by allies.sample_data with the story so far (story["library"], story["staff"]). The director
trained librarians of the valley last month; Jordan, the teen librarian, joined with an Allies account,
so those worksheets can be saved into the library from /w/<code>/save/.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from allies.stewardship.models import Habit
from allies.workshop.models import (
    Contribution,
    Feedback,
    GroupAnswer,
    Participant,
    Workshop,
    WorkshopStatus,
    default_agenda,
)

TITLE = "Partnerships for Ford Valley libraries"
# (display name, group, benefits entries (partner, receives, offers), survey answers by habit)
ROOM = [
    (
        "Jordan",
        1,
        [
            ("Ford Valley Youth Shelter", "Teens who need a quiet place", "Homework drop-ins"),
            ("Maple Ford High School", "Class visits", "Research help for seniors' projects"),
        ],
        "always sometimes sometimes always never sometimes always",
    ),
    (
        "Ruth from Birchfield",
        1,
        [("Birchfield Garden Club", "Seeds and volunteers", "A seed library shelf and a plaque")],
        "always always sometimes sometimes never always always",
    ),
    (
        "",
        2,
        [("Credit union", "Money classes for young adults", "A mention in the newsletter")],
        "sometimes sometimes never sometimes never never always",
    ),
    (
        "Amos, Eastbrook library",
        2,
        [("Eastbrook Rotary", "Funding for large-print books", "Meeting room for their lunches")],
        "always sometimes always never sometimes sometimes always",
    ),
    (
        "",
        1,
        [("Weekly newspaper", "A monthly column", "Stories and photos from library events")],
        "sometimes never sometimes sometimes never sometimes sometimes",
    ),
]
JORDAN_TREE = {
    "partner": "Ford Valley Workforce Center",
    "share": True,
    "people": [
        {"name": "Marisol Vega", "how": "friend", "through": ""},
        {"name": "Coach Dale Pruitt", "how": "school", "through": ""},
        {"name": "Ana Whitcomb", "how": "professional", "through": "Marisol Vega"},
    ],
}
JORDAN_PLAN = {
    "partners_who_could_help": (
        "The Workforce Center: its job seekers are the teens' older brothers and sisters, and it "
        "needs a place for evening workshops."
    ),
    "opportunities": [
        {"partner": "Ford Valley Workforce Center", "why": "Evening job clinics", "due_on": ""},
        {"partner": "Maple Ford Credit Union", "why": "Money basics for teens", "due_on": ""},
    ],
    "for_partners": [
        {
            "partner": "Ford Valley Youth Shelter",
            "what": "Send the term's drop-in numbers",
            "due_on": "",
        },
        {
            "partner": "Hearthstone Club of Maple Ford",
            "what": "Invite them to the teen fair",
            "due_on": "",
        },
    ],
}
GROUP_ANSWERS = {
    1: {
        "partner": "Hearthstone Club of Maple Ford",
        "why": "Digital inclusion is their project this year, and two members sit on the budget "
        "committee.",
        "to_library": "The first year's money and two voices at the budget review.",
        "to_partner": "A visible project, younger members, a room for their evening meeting.",
        "steps": "Invite them for a tour\nShow the waiting list for the computers\nPropose a "
        "one-year pilot with a review before the budget",
    },
    2: {
        "partner": "Three Rivers Community Foundation",
        "why": "Its spring grants are for digital inclusion, up to $8,000.",
        "to_library": "The computers and the printer budget for a year.",
        "to_partner": "Clear results to report, and a grantee other funders join.",
        "steps": "Ask the Hearthstone Club to co-sign\nSend the letter of intent in March",
    },
}
FEEDBACK = [
    (5, "yes", "The connection tree: I know more people than I thought.", ""),
    (4, "yes", "Seeing the other group's answer next to ours.", "More time for the case study."),
    (4, "maybe", "", "Examples from libraries our size."),
    (5, "yes", "The survey made us honest about thank-you notes.", ""),
]


def add_workshop_sample(story) -> Workshop:
    library, director = story["library"], story["director"]
    held = timezone.now() - timedelta(days=30)
    workshop = Workshop.objects.create(
        library=library,
        trainer=director,
        title=TITLE,
        agenda=default_agenda(),
        current=len(default_agenda()) - 1,
        part_started_at=held + timedelta(minutes=75),
        groups=2,
        status=WorkshopStatus.FINISHED,
        created_at=held - timedelta(days=7),
        finished_at=held + timedelta(minutes=80),
    )
    habits = [habit.value for habit in Habit]
    for name, group, entries, survey in ROOM:
        participant = Participant.objects.create(
            workshop=workshop,
            display_name=name,
            group=group,
            user=story["staff"]["teens"] if name == "Jordan" else None,
            gave_feedback=name != "Jordan",
            joined_at=held,
        )
        rows = [
            ("benefits_board", dict(zip(("partner", "receives", "offers"), e, strict=True)))
            for e in entries
        ]
        rows.append(("survey", dict(zip(habits, survey.split(), strict=True))))
        if name == "Jordan":
            rows += [("connection_tree", JORDAN_TREE), ("planning", JORDAN_PLAN)]
        Contribution.objects.bulk_create(
            Contribution(workshop=workshop, participant=participant, activity=key, data=data)
            for key, data in rows
        )
    for group, data in GROUP_ANSWERS.items():
        GroupAnswer.objects.create(workshop=workshop, group=group, data=data)
    Feedback.objects.bulk_create(
        Feedback(
            workshop=workshop,
            given_on=held.date(),
            data={"rating": rating, "recommend": recommend, "most_useful": useful, "improve": more},
        )
        for rating, recommend, useful, more in FEEDBACK
    )
    return workshop
