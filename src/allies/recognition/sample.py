"""Recognition in the sample library: partners listed publicly, published thank-yous, and a year
of history for the dashboard.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...). The
partnerships already give the year a start (the shelter's pilot), an end (the Courier) and a
refusal (the credit union); `add_report_history` adds what only time would: a year of reminders
marked done, most on time and some late, and staff answering the habit survey every few months,
a little better each time.
"""

import datetime
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

# organization: (agreed to be listed, public sentence, public website)
CONSENTS = {
    "Hearthstone Club of Maple Ford": (
        True,
        "Funds the summer reading prizes and sends volunteers every July.",
        "https://hearthstone-club.example",
    ),
    "Lantern House Youth Shelter": (
        True,
        "Hosts the library's Wednesday teen tech drop-ins.",
        "https://lanternhouse.example",
    ),
    "Maple Ford School District": (
        True,
        "Gives every student a library card and a summer reading list.",
        "",
    ),
    "Maple Ford Senior Center": (
        True,
        "Welcomes the library's Tech help Tuesdays for its members.",
        "https://mfseniors.example",
    ),
    # The foundation's grant rules keep applicants off partner lists until a grant is decided.
    "Three Rivers Community Foundation": (False, "", ""),
}

INTRODUCTION = (
    "The Maple Ford Free Library does more for the town because local organizations work with "
    "us: they host our programs, fund our prizes and speak up for the library. Thank you."
)

# Days ago the newsletter thank-you went out: the day the sample's thank-you to the club was logged.
NEWSLETTER_DAYS_AGO = 12


def add_recognition(story) -> None:
    """The public page published with four partners listed and one that asked not to be; a
    published newsletter paragraph for the club and a draft press release for the shelter."""
    from allies.partnerships.models import Partnership, log
    from allies.recognition import drafts
    from allies.recognition.models import ListingConsent, PublicPage, Recognition
    from allies.stewardship.models import Contact

    library, director = story["library"], story["director"]
    today = timezone.localdate()
    partnerships = {
        p.organization.name: p
        for p in Partnership.objects.filter(library=library).select_related("organization")
    }
    for name, (agreed, sentence, website) in CONSENTS.items():
        ListingConsent.objects.create(
            library=library,
            partnership=partnerships[name],
            agreed=agreed,
            recorded_on=today - timedelta(days=30),
            recorded_by=director,
            public_sentence=sentence,
            public_website=website,
        )
    PublicPage.objects.create(
        library=library, published=True, introduction=INTRODUCTION, updated_by=director
    )

    club = partnerships["Hearthstone Club of Maple Ford"]
    sent_on = today - timedelta(days=NEWSLETTER_DAYS_AGO)
    thanks = Contact.objects.filter(partnership=club, kind="thanks", happened_on=sent_on).first()
    newsletter = Recognition.objects.create(
        library=library,
        partnership=club,
        kind="newsletter",
        text=drafts.newsletter(drafts.facts_for(club, day=sent_on)),
        status="published",
        published_on=sent_on,
        published_by=director,
        contact=thanks,
        created_by=director,
        created_at=timezone.now() - timedelta(days=NEWSLETTER_DAYS_AGO + 2),
    )
    entry = log(club, "Public recognition published: Newsletter paragraph", by=director)
    entry.logged_at = timezone.now() - timedelta(days=NEWSLETTER_DAYS_AGO)
    entry.link = reverse("recognition:recognition_detail", args=[library.slug, newsletter.pk])
    entry.save()

    shelter = partnerships["Lantern House Youth Shelter"]
    Recognition.objects.create(
        library=library,
        partnership=shelter,
        kind="press_release",
        text=drafts.press_release(drafts.facts_for(shelter)),
        created_by=story["staff"]["teens"],
    )


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
