"""The sample library's stewardship: a year of contacts, commitments and the habits survey."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from allies.core.sample import days_ago

# organization: [(kind, days ago, logged by, note, extra fields)]; every reminder kind and every
# habit has examples, some followed up in time and some not.
CONTACTS = {
    "Hearthstone Club of Maple Ford": [
        (
            "results",
            280,
            "director",
            "Sent the club the photos and numbers of the prize night.",
            {},
        ),
        ("partner_news", 70, "director", "The club celebrated its fiftieth year.", {}),
        ("congratulations", 40, "director", "A late card for the club's fiftieth.", {}),
        ("invitation", 160, "teens", "Invited the club to the summer reading kickoff.", {}),
        (
            "support",
            200,
            "director",
            "Six club members volunteered at the book sale.",
            {"support_kind": "volunteered"},
        ),
        ("thanks", 196, "director", "Thank-you card signed by the whole staff.", {}),
        ("space", 100, "director", "Offered the meeting room for their board retreat.", {}),
        ("library_news", 45, "director", "Sent the summer reading numbers: 412 children.", {}),
        (
            "chat",
            21,
            "director",
            "Ran into Gloria at the farmers market.",
            {"person": "Gloria Pelletier"},
        ),
        (
            "problem",
            30,
            "director",
            "They wanted to choose the prize books themselves.",
            {"problem_kind": "controlling"},
        ),
        ("invitation", 8, "director", "Invited the club to the teen room opening.", {}),
        (
            "support",
            16,
            "director",
            "Gloria spoke for the library at the budget hearing.",
            {"support_kind": "budget_meeting", "outcome_due_on": -5},
        ),
        ("thanks", 12, "director", "Thanked Gloria by phone and in the newsletter.", {}),
    ],
    "Three Rivers Community Foundation": [
        (
            "support",
            3,
            "director",
            "Naomi spoke about the computers at the budget hearing.",
            {"support_kind": "budget_meeting", "outcome_due_on": 20},
        ),
        (
            "meeting",
            20,
            "adults",
            "Naomi suggested a letter of intent.",
            {"person": "Naomi Feldman"},
        ),
    ],
    "Ledgemont University": [
        (
            "leadership_change",
            40,
            "adults",
            "Arthur Pell retired; Amara Lindqvist is the new dean.",
            {"person": "Amara Lindqvist"},
        ),
        (
            "email",
            100,
            "adults",
            "Wrote to Dean Pell about the help desk.",
            {"person": "Arthur Pell"},
        ),
    ],
    "Lantern House Youth Shelter": [
        (
            "support",
            50,
            "teens",
            "Residents helped move the teen collection.",
            {"support_kind": "volunteered"},
        ),
        ("thanks", 25, "teens", "Thanked the residents with pizza, weeks later.", {}),
        ("partner_news", 6, "teens", "Lantern House won a state award for its youth program.", {}),
        ("chat", 9, "teens", "Talked with Sam after the drop-in.", {"person": "Sam Okoro"}),
        (
            "problem",
            40,
            "teens",
            "Residents were told the drop-in was cancelled; it was not.",
            {"problem_kind": "miscommunication"},
        ),
        ("results", 30, "teens", "Shared the first month's figures with Lucia.", {}),
    ],
    "Maple Ford School District": [
        ("leadership_change", 250, "teens", "A new superintendent started.", {}),
        ("visit", 244, "teens", "Visited the new superintendent with Beth.", {}),
        (
            "partner_news",
            150,
            "teens",
            "The district's graduation rate rose for the third year.",
            {},
        ),
        ("congratulations", 147, "teens", "Sent Beth a note of congratulations.", {}),
        (
            "meeting",
            120,
            "teens",
            "Planned the summer reading list with Beth.",
            {"person": "Beth Andersen"},
        ),
    ],
    "Maple Ford Senior Center": [
        (
            "problem",
            60,
            "adults",
            "They expected a volunteer every week; we had promised two a month.",
            {"problem_kind": "miscommunication"},
        ),
        (
            "call",
            55,
            "adults",
            "Called Frank to pause until we find a volunteer.",
            {"person": "Frank DeLuca"},
        ),
    ],
    "The Maple Ford Courier": [
        (
            "thanks",
            88,
            "director",
            "A last thank-you to Carl for seven years of columns.",
            {"person": "Carl Young"},
        ),
    ],
}


# organization: [(owed by, what, due in days (negative: past), status, kept days ago)]
COMMITMENTS = {
    "Hearthstone Club of Maple Ford": [
        ("partner", "Prizes for summer reading", -150, "kept", 152),
        ("library", "Poster with the club's name in the children's room", -160, "kept", 140),
    ],
    "Lantern House Youth Shelter": [
        ("library", "Six laptops every Wednesday", -6, "kept", 6),
        ("partner", "A monthly attendance sheet", -45, "missed", None),
    ],
    "Maple Ford School District": [
        ("library", "A card sign-up day at each school", 5, "open", None),
        ("partner", "The summer reading list by May", -40, "open", None),
    ],
}


SURVEY = {
    "director": {
        "thank": "always",
        "congratulate": "sometimes",
        "share_news": "always",
        "invite": "always",
        "leadership": "always",
        "offer_space": "always",
        "chat": "always",
    },
    "teens": {
        "thank": "sometimes",
        "congratulate": "always",
        "share_news": "sometimes",
        "invite": "sometimes",
        "leadership": "never",
        "offer_space": "sometimes",
        "chat": "always",
    },
    "adults": {
        "thank": "always",
        "congratulate": "sometimes",
        "share_news": "never",
        "invite": "sometimes",
        "leadership": "sometimes",
        "offer_space": "never",
        "chat": "sometimes",
    },
}


def add_stewardship(story):
    from allies.partnerships.models import Commitment, Partnership
    from allies.stewardship.models import Contact, LibraryEvent, SurveyAnswer

    library, staff = story["library"], story["staff"]
    today = timezone.localdate()
    partnerships = {
        p.organization.name: p
        for p in Partnership.objects.filter(library=library).select_related("organization")
    }
    people = {person.name: person for person in library.people.all()}
    for org_name, contacts in CONTACTS.items():
        for kind, days, by, note, extra in contacts:
            extra = dict(extra)
            if "person" in extra:
                extra["person"] = people[extra["person"]]
            if "outcome_due_on" in extra:
                extra["outcome_due_on"] = today + timedelta(days=extra["outcome_due_on"])
            contact = Contact.objects.create(
                library=library,
                partnership=partnerships[org_name],
                kind=kind,
                happened_on=today - timedelta(days=days),
                note=note,
                logged_by=staff[by],
                **extra,
            )
            Contact.objects.filter(pk=contact.pk).update(logged_at=days_ago(days))
    for org_name, promises in COMMITMENTS.items():
        for owed_by, what, due, status, kept in promises:
            Commitment.objects.create(
                library=library,
                partnership=partnerships[org_name],
                owed_by=owed_by,
                what=what,
                due_on=today + timedelta(days=due),
                status=status,
                done_on=today - timedelta(days=kept) if kept is not None else None,
                created_by=partnerships[org_name].lead,
            )
    opening = LibraryEvent.objects.create(
        library=library,
        title="Teen room opening",
        starts_on=today + timedelta(days=12),
        description="The new teen room opens with a gaming tournament and a poetry slam.",
        created_by=staff["teens"],
    )
    LibraryEvent.objects.filter(pk=opening.pk).update(created_at=days_ago(20))
    LibraryEvent.objects.create(
        library=library,
        title="Local author talk",
        starts_on=today - timedelta(days=60),
        created_by=staff["adults"],
    )
    LibraryEvent.objects.create(
        library=library,
        title="Summer reading kickoff",
        starts_on=today - timedelta(days=150),
        created_by=staff["teens"],
    )
    for part, answers in SURVEY.items():
        for habit, answer in answers.items():
            SurveyAnswer.objects.create(
                library=library,
                user=staff[part],
                habit=habit,
                answer=answer,
                answered_at=days_ago(20),
            )
