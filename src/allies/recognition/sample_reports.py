"""A year of history for the sample library's dashboard: reminders done, habits over time.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...). The
partnerships already give the year a start (the shelter's pilot), an end (the Courier) and a
refusal (the credit union); this adds what only time would: a year of reminders marked done,
most on time and some late, and staff answering the habit survey every few months, a little
better each time.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

# (partner, kind of reminder, days ago it was due, days late: 0 = done on the day, <0 = early)
DONE_REMINDERS = [
    ("Hearthstone Club of Maple Ford", "thank", 330, 0),
    ("Maple Ford School District", "share_results", 315, 9),
    ("The Maple Ford Courier", "keep_in_touch", 300, -2),
    ("Maple Ford Senior Center", "thank", 285, 0),
    ("Hearthstone Club of Maple Ford", "invite", 265, 12),
    ("Maple Ford School District", "congratulate", 250, -1),
    ("Maple Ford Senior Center", "keep_in_touch", 232, 21),
    ("The Maple Ford Courier", "thank", 215, 0),
    ("Hearthstone Club of Maple Ford", "share_results", 196, 4),
    ("Maple Ford School District", "keep_in_touch", 180, 0),
    ("Lantern House Youth Shelter", "congratulate", 160, 0),
    ("Maple Ford Senior Center", "leadership", 140, 6),
    ("Hearthstone Club of Maple Ford", "thank", 122, 0),
    ("Lantern House Youth Shelter", "keep_in_touch", 104, -3),
    ("Maple Ford School District", "invite", 88, 0),
    ("Lantern House Youth Shelter", "thank", 70, 2),
    ("Hearthstone Club of Maple Ford", "keep_in_touch", 52, 0),
    ("Maple Ford School District", "thank", 36, -1),
    ("Lantern House Youth Shelter", "share_results", 22, 0),
    ("Hearthstone Club of Maple Ford", "congratulate", 9, 0),
]

# Earlier rounds of the habit survey: (days ago, how many steps below today's answer for every
# other answer, and for the rest), so that the answers improve round after round.
EARLIER_SURVEYS = [(290, 2, 2), (200, 1, 2), (110, 0, 1)]
STEPS = ["never", "sometimes", "always"]


def add_report_history(story) -> None:
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import ReminderAction, ReminderDecision, SurveyAnswer

    library = story["library"]
    today = timezone.localdate()
    partnerships = {
        p.organization.name: p
        for p in Partnership.objects.filter(library=library).select_related("organization", "lead")
    }
    decisions = []
    for number, (name, kind, due_ago, late) in enumerate(DONE_REMINDERS):
        partnership = partnerships[name]
        due = today - datetime.timedelta(days=due_ago)
        decided = timezone.make_aware(
            datetime.datetime.combine(due + datetime.timedelta(days=late), datetime.time(10))
        )
        decisions.append(
            ReminderDecision(
                library=library,
                key=f"sample-history:{kind}:{partnership.pk}:{number}",
                kind=kind,
                partnership=partnership,
                action=ReminderAction.DONE,
                due_on=due,
                decided_by=partnership.lead or story["director"],
                decided_at=decided,
            )
        )
    ReminderDecision.objects.bulk_create(decisions)
    answers = []
    latest = SurveyAnswer.objects.filter(library=library).values_list("user_id", "habit", "answer")
    for position, (user_id, habit, answer) in enumerate(latest):
        for days_ago, first_below, others_below in EARLIER_SURVEYS:
            below = first_below if position % 2 == 0 else others_below
            earlier = STEPS[max(0, STEPS.index(answer) - below)]
            answers.append(
                SurveyAnswer(
                    library=library,
                    user_id=user_id,
                    habit=habit,
                    answer=earlier,
                    answered_at=timezone.now() - datetime.timedelta(days=days_ago),
                )
            )
    SurveyAnswer.objects.bulk_create(answers)
