"""The sample library's partnerships, at every stage, with a year of stage changes and two refusals."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from allies.core.sample import backdate, days_ago

# organization: (lead e-mail part, term, [(stage, days ago, reason)], extra fields)
PARTNERSHIPS = {
    "Hearthstone Club of Maple Ford": (
        "director",
        "long",
        [
            ("prospect", 340, "Gloria mentioned the club's new project at the town meeting."),
            ("reaching_out", 325, "Helen asked Tom Brandt for an introduction."),
            ("exploring", 300, "Spoke at the Tuesday breakfast about the summer reading prizes."),
            ("active", 270, "The club funds the summer reading prizes and sends volunteers."),
        ],
        {
            "library_expects": "Prizes for summer reading and two volunteers a week in July.",
            "partner_expects": "Their name on the summer reading poster; a yearly thank-you.",
            "benefits_to_library": "Money and hands for the busiest weeks of the year.",
            "benefits_to_partner": "A well-known project that brings them new members.",
            "benefits_to_community": "More children reading all summer.",
        },
    ),
    "Lantern House Youth Shelter": (
        "teens",
        "short",
        [
            ("prospect", 200, "Residents were coming in after school to use the computers."),
            ("exploring", 150, "Jordan met Lucia Moreno to talk about what the residents need."),
            (
                "pilot",
                75,
                "Ten-week pilot: a teen tech drop-in at the shelter, Wednesdays 4 to 5:30.",
            ),
        ],
        {
            "library_expects": "A quiet room, Wi-Fi and a staff member present every Wednesday.",
            "partner_expects": "A librarian who brings laptops and helps with homework and CVs.",
            "benefits_to_library": "Reaches teens who would never come to the library on their own.",
            "benefits_to_partner": "Residents finish assignments and send job applications.",
            "benefits_to_community": "Young people with a home base, a diploma and a first job.",
        },
    ),
    "Three Rivers Community Foundation": (
        "director",
        "one_off",
        [
            ("prospect", 120, "Its spring round is about digital inclusion."),
            ("reaching_out", 60, "Sent Naomi Feldman the usage figures of the public computers."),
            ("exploring", 20, "Naomi suggested a letter of intent for two stations."),
        ],
        {"library_expects": "A grant for the first year of two public computers."},
    ),
    "Ledgemont University": (
        "adults",
        "long",
        [
            ("prospect", 180, "Students could run the tech help desk as a service placement."),
            ("reaching_out", 100, "Wrote to Dean Pell; he left before answering."),
        ],
        {},
    ),
    "Copperline Networks": (
        "director",
        "",
        [
            ("prospect", 30, "They are laying fibre on the east side and want local goodwill."),
            (
                "reaching_out",
                4,
                "Asked Priya to have her neighbour Dana introduce us to Kevin Cho.",
            ),
        ],
        {},
    ),
    "Birchbark Books & Coffee": (
        "director",
        "",
        [("prospect", 10, "Dana offered to promote the library's fundraiser in the shop.")],
        {},
    ),
    "Maple Ford School District": (
        "teens",
        "long",
        [
            ("prospect", 330, "The district's homework portal needs internet at home."),
            ("active", 310, "Library cards for every student, and a summer reading list."),
        ],
        {"benefits_to_community": "Every student has a library card and a place to get online."},
    ),
    "Maple Ford Senior Center": (
        "adults",
        "short",
        [
            ("prospect", 280, "Members asked for help with telehealth video calls."),
            ("active", 240, "Tech help Tuesdays at the Center, run by a library volunteer."),
            ("paused", 50, "The volunteer moved away; paused until we find another."),
        ],
        {},
    ),
    "Ford Valley Credit Union": (
        "adults",
        "one_off",
        [
            ("prospect", 260, "Their financial literacy work fits the job seekers we serve."),
            ("reaching_out", 230, "Asked them to sponsor a public computer."),
            (
                "declined",
                205,
                "Their giving budget for the year was already committed.",
            ),
        ],
        {
            "lessons": (
                "Ask before their giving committee meets in January, and come with a concrete "
                "amount and a plan for recognising them."
            ),
            "try_again_on": 45,
            "decline_reason": "timing",
        },
    ),
    "Maple Ford Community Food Shelf": (
        "adults",
        "short",
        [
            (
                "prospect",
                170,
                "Many of their families are eligible for benefits we help apply for.",
            ),
            ("reaching_out", 160, "Offered a benefits help desk at Saturday distributions."),
            ("declined", 140, "Their volunteers are stretched thin until the autumn."),
        ],
        {
            "lessons": (
                "They liked the idea but could not host anything new; offer to bring our own "
                "volunteer and ask for a table only."
            ),
            "try_again_on": -3,
            "decline_reason": "capacity",
        },
    ),
    "The Maple Ford Courier": (
        "director",
        "long",
        [
            ("prospect", 365, "The editor wanted a weekly column of book picks."),
            ("active", 350, "Weekly 'From the Stacks' column by library staff."),
            ("ended", 90, "The Courier cut its print edition to eight pages."),
        ],
        {
            "end_reason": "The Courier cut its print edition to eight pages and dropped columns.",
            "lessons": (
                "The column brought people in; ask for a monthly online feature instead, with "
                "photographs."
            ),
        },
    ),
}


def add_partnerships(story):
    from allies.partnerships.models import Partnership, Refusal, StageChange

    library, staff = story["library"], story["staff"]
    today = timezone.localdate()
    for org_name, (lead, term, moves, extra) in PARTNERSHIPS.items():
        extra = dict(extra)
        decline_reason = extra.pop("decline_reason", None)
        if "try_again_on" in extra:
            extra["try_again_on"] = today + timedelta(days=extra["try_again_on"])
        first_stage, first_days, first_reason = moves[0]
        partnership = Partnership(
            library=library,
            organization=story["organizations"][org_name],
            stage=first_stage,
            term=term,
            lead=staff[lead],
            created_at=days_ago(first_days),
        )
        partnership._history_user = staff[lead]
        partnership._change_reason = first_reason
        partnership.save()
        backdate(partnership, days_ago(first_days))
        first = StageChange.objects.create(
            partnership=partnership,
            from_stage="",
            to_stage=first_stage,
            changed_by=staff[lead],
            reason=first_reason,
        )
        StageChange.objects.filter(pk=first.pk).update(changed_at=days_ago(first_days))
        for position, (stage, days, reason) in enumerate(moves[1:], start=1):
            fields = {}
            if stage in ("pilot", "active") and partnership.started_on is None:
                fields["started_on"] = today - timedelta(days=days)
            if stage == "ended":
                fields["ended_on"] = today - timedelta(days=days)
            if position == len(moves) - 1:
                fields.update(extra)
            partnership._history_user = staff[lead]
            change = partnership.move_to(stage, by=staff[lead], reason=reason, **fields)
            StageChange.objects.filter(pk=change.pk).update(changed_at=days_ago(days))
            backdate(partnership, days_ago(days))
            if stage == "declined":
                Refusal.objects.create(
                    library=library,
                    partnership=partnership,
                    reason=decline_reason or "other",
                    lessons=partnership.lessons,
                    try_again_on=partnership.try_again_on,
                    recorded_by=staff[lead],
                    recorded_at=days_ago(days),
                )
