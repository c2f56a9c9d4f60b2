"""The sample library's outreach: a pitch, introductions, approach plans, pilots and events."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from allies.core.sample import days_ago

PITCH_TEMPLATE = {
    "spaces": "Two meeting rooms and a children's room, free to book, open six days a week.",
    "collections": "45,000 books, a local history room, and databases for job seekers.",
    "programs": "Story times, a teen tech drop-in, English conversation circles, tax help.",
    "technology": "Four public computers, Wi-Fi from the parking lot, hotspots to lend.",
    "reach": "38,000 visits and 5,200 card holders a year in a town of 6,800.",
    "impact": "Last year 140 people applied for jobs or benefits on our computers.",
}


# organization: (asked by, connector, target, [(status, days ago)], message)
INTRODUCTIONS = [
    (
        "Hearthstone Club of Maple Ford",
        "director",
        "Gloria Pelletier",
        "Tom Brandt",
        [("asked", 328), ("introduced", 326), ("met", 318)],
        "Gloria, could you introduce me to Tom? I would like to tell him about the summer "
        "reading prizes before the club sets its budget.",
    ),
    (
        "Ledgemont University",
        "adults",
        "teens",
        "Amara Lindqvist",
        [("asked", 40), ("introduced", 33)],
        "Jordan, you know Beth Andersen well, and she knows the new dean, Amara Lindqvist. "
        "Could you ask Beth to introduce us? Students could run our tech help desk.",
    ),
    (
        "Copperline Networks",
        "director",
        "adults",
        "Kevin Cho",
        [("asked", 4)],
        "Priya, your neighbour Dana Whitcomb is friends with Kevin Cho at Copperline. Could you "
        "ask her to introduce us? They want local goodwill while they lay fibre on the east side.",
    ),
]


# organization: [(kind, title, owner, due days from today, done days ago or None)]
APPROACH_PLANS = {
    "Copperline Networks": [
        (
            "learn",
            "Read Copperline's plans for the east side and who leads them",
            "director",
            -20,
            22,
        ),
        ("conversation", "Coffee with Kevin Cho: listen to what they need", "director", -3, None),
        (
            "invite",
            "Invite Kevin to tour the computer area on a busy morning",
            "director",
            14,
            None,
        ),
        ("propose", "Propose sponsoring one public computer for a year", "director", 35, None),
    ],
    "Three Rivers Community Foundation": [
        ("learn", "Read the spring round's guidelines and past grants", "director", -50, 52),
        ("conversation", "Call Naomi Feldman about the digital inclusion round", "adults", -25, 24),
        ("invite", "Invite Naomi to see the computers during job club", "adults", -6, None),
        ("propose", "Send a letter of intent for two stations", "director", 10, None),
    ],
}


EVENTS = [
    {
        "title": "Maple Ford Harvest Fair",
        "organizer": "Hearthstone Club of Maple Ford",
        "starts": 24,
        "place": "Town green",
        "audience": "Families and children; about 2,000 visitors",
        "help_needed": "Activities for children in the afternoon, and volunteers at the gate.",
        "offers": [("A story tent with two librarians from 1 to 4 pm.", "offered", 6)],
    },
    {
        "title": "Back-to-school supply drive",
        "organizer": "Maple Ford Community Food Shelf",
        "starts": 41,
        "place": "Food Shelf warehouse, Mill Street",
        "audience": "Families with school-age children",
        "help_needed": "A place to collect donations in the centre of town.",
        "offers": [],
    },
    {
        "title": "Youth open mic night",
        "organizer": "Lantern House Youth Shelter",
        "starts": -30,
        "place": "Lantern House common room",
        "audience": "Teens and young adults",
        "help_needed": "A sound system and someone to help with sign-ups.",
        "offers": [
            ("Our portable speaker and a sign-up table run by the teen team.", "accepted", 45)
        ],
    },
]


def add_outreach(story):
    from allies.outreach.models import (
        ApproachStep,
        CommunityEvent,
        IntroductionRequest,
        Pilot,
        PitchTemplate,
        SupportOffer,
    )
    from allies.partnerships.models import LogEntry, Partnership

    library, staff = story["library"], story["staff"]
    people = {
        person.name: person for person in library.people.filter(name__in=_introduction_names())
    }
    for part, user in staff.items():
        people[part] = user.people.get(library=library)
    today = timezone.localdate()
    partnerships = {
        p.organization.name: p
        for p in Partnership.objects.filter(library=library).select_related("organization")
    }

    def line(partnership, summary, days, by, detail=""):
        entry = LogEntry.objects.create(
            partnership=partnership, logged_by=by, summary=summary, detail=detail
        )
        LogEntry.objects.filter(pk=entry.pk).update(logged_at=days_ago(days))

    PitchTemplate.objects.create(library=library, updated_by=staff["director"], **PITCH_TEMPLATE)

    for org_name, asker, connector, target, steps, message in INTRODUCTIONS:
        partnership = partnerships[org_name]
        dates = {status: today - timedelta(days=days) for status, days in steps}
        IntroductionRequest.objects.create(
            library=library,
            partnership=partnership,
            asked_by=staff[asker],
            connector=people[connector],
            target=people[target],
            path_names=" → ".join(_introduction_chain(org_name, people[connector].name, target)),
            message=message,
            status=steps[-1][0],
            asked_on=dates["asked"],
            introduced_on=dates.get("introduced"),
            met_on=dates.get("met"),
        )
        for status, days in steps:
            line(
                partnership,
                f"Introduction to {target} via {people[connector].name}: {status}",
                days,
                staff[asker],
            )

    for org_name, steps in APPROACH_PLANS.items():
        partnership = partnerships[org_name]
        for position, (kind, title, owner, due, done) in enumerate(steps):
            ApproachStep.objects.create(
                library=library,
                partnership=partnership,
                position=position,
                kind=kind,
                title=title,
                owner=staff[owner],
                due_on=today + timedelta(days=due),
                done_on=today - timedelta(days=done) if done is not None else None,
                done_by=staff[owner] if done is not None else None,
            )
            if done is not None:
                line(partnership, f"Step done: {title}", done, staff[owner])

    shelter = partnerships["Lantern House Youth Shelter"]
    Pilot.objects.create(
        library=library,
        partnership=shelter,
        kind="drop_ins",
        title="Teen tech drop-in at Lantern House",
        starts_on=today - timedelta(days=75),
        ends_on=today - timedelta(days=5),
        library_does="A librarian with six laptops every Wednesday, 4 to 5:30.",
        partner_does="The common room, snacks, and a youth advocate in the room.",
        success_looks_like="Eight residents a week, and three job applications sent.",
        attendance=91,
        outcome="Seven or eight residents most weeks; five job applications and two library cards.",
        created_by=staff["teens"],
    )
    hearthstone = partnerships["Hearthstone Club of Maple Ford"]
    Pilot.objects.create(
        library=library,
        partnership=hearthstone,
        kind="one_off",
        title="Summer reading prize night",
        starts_on=today - timedelta(days=295),
        ends_on=today - timedelta(days=295),
        library_does="The party in the children's room and the list of readers.",
        partner_does="Prizes, and club members handing them out.",
        success_looks_like="Fifty children collect a prize.",
        attendance=64,
        outcome="Sixty-four children and their families; the club asked to do it every summer.",
        decision="grow",
        decision_note="The club wants a lasting role in summer reading.",
        reviewed_on=today - timedelta(days=271),
        reviewed_by=staff["director"],
        created_by=staff["director"],
    )
    organizations = story["organizations"]
    for event in EVENTS:
        record = CommunityEvent.objects.create(
            library=library,
            title=event["title"],
            organizer=organizations[event["organizer"]],
            starts_on=today + timedelta(days=event["starts"]),
            place=event["place"],
            audience=event["audience"],
            help_needed=event["help_needed"],
            created_by=staff["teens"],
        )
        for offer, status, days in event["offers"]:
            SupportOffer.objects.create(
                library=library,
                event=record,
                offer=offer,
                status=status,
                offered_by=staff["teens"],
                offered_on=today - timedelta(days=days),
                answered_on=today - timedelta(days=days - 3) if status != "offered" else None,
            )


def _introduction_chain(org_name: str, connector: str, target: str) -> list[str]:
    """The chain as the asker saw it: from the asker (or the colleague asked) to the target."""
    between = {"Ledgemont University": ["Beth Andersen"], "Copperline Networks": ["Dana Whitcomb"]}
    start = {"Hearthstone Club of Maple Ford": ["Helen Marsh"]}
    return [*start.get(org_name, []), connector, *between.get(org_name, []), target]


def _introduction_names() -> set[str]:
    return {name for _o, _a, c, t, _s, _m in INTRODUCTIONS for name in (c, t)}
