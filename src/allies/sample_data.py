"""The demo library: Maple Ford Free Library, a small-town library in Vermont with a budget goal.

Its director wants two more public computers before the town's next budget review. The data
tells that story: the goal, the audiences it serves, the decision makers, the candidate partners
(a service club, a community foundation, the university, the town office, a technology company,
a bookshop owner) and others the library already works with, at every stage, with a year of
history. Then the Vermont organizations from the IRS extract are imported into the directory.

Every name here is invented. `load_sample_data()` is idempotent: the story is created once, in
one transaction, and the IRS import is skipped when it has already run.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

SLUG = "sample"
DEMO_PASSWORD = "maple-ford-demo"  # noqa: S105 - the documented demo password
EMAIL_DOMAIN = "sample.allies.example"
IRS_FILE = "irs-eo-bmf-vt.csv"

LIBRARY = {
    "name": "Maple Ford Free Library",
    "city": "Maple Ford",
    # Maple Ford is invented; it is placed at a real Vermont ZIP code so that distances to the
    # organizations of the IRS extract mean something.
    "state": "VT",
    "zip_code": "05602",
    "mission": (
        "The Maple Ford Free Library opens the doors to reading, learning and the internet for "
        "everyone in town, whatever their age, income or timetable."
    ),
    "vision": (
        "A town where nobody misses a job, a benefit or a class because they could not get "
        "online, find a book or ask someone for help."
    ),
    "community_served": (
        "About 6,800 people in Maple Ford and the hill farms around it. One household in six "
        "has no internet at home, and the nearest other public computers are a 25-minute drive "
        "away. More families than ten years ago speak Spanish or Nepali at home."
    ),
}

BRANCHES = [
    ("Main Library", "12 Mill Street"),
    ("Eastside Reading Room", "Eastside Community Center, 4 Pine Lane"),
]

# (e-mail local part, name, role, job title)
STAFF = [
    ("director", "Helen Marsh", "owner", "Library director"),
    ("teens", "Jordan Reyes", "staff", "Teen librarian"),
    ("adults", "Priya Natarajan", "staff", "Adult services librarian"),
    ("volunteer", "Walt Kimball", "volunteer", "Volunteer at the front desk"),
]

# name: (sector, audiences, resources, mission, what they care about now, their needs)
ORGANIZATIONS = {
    "Hearthstone Club of Maple Ford": (
        "service_club",
        ["children", "families", "seniors"],
        ["funding", "volunteers", "influence-with-decision-makers"],
        "Neighbours who meet over breakfast every Tuesday and raise money for projects that make "
        "Maple Ford a good place to grow up and to grow old.",
        "Members voted to make 'closing the digital gap' this year's signature project and are "
        "looking for a partner to carry it out.",
        "Visible projects that attract new, younger members; a room for their monthly evening "
        "meeting.",
    ),
    "Three Rivers Community Foundation": (
        "foundation",
        ["low-income-households", "families", "seniors"],
        ["funding", "expertise", "promotion"],
        "Pools gifts from people who care about this corner of Vermont and turns them into "
        "grants for local groups.",
        "A spring grant round for digital inclusion: awards of up to $8,000, letters of intent "
        "due in March.",
        "Grantees who report results clearly and show that other local funders are involved.",
    ),
    "Ledgemont University": (
        "college",
        ["students", "adult-learners", "job-seekers"],
        ["volunteers", "expertise", "research-and-data", "technology"],
        "A public university of 4,000 students with a campus on the edge of town and a long "
        "tradition of community service.",
        "The new dean of community engagement wants every first-year student in a local "
        "service placement.",
        "Placements where students do real work with supervision; data for research projects.",
    ),
    "Town of Maple Ford": (
        "government",
        ["low-income-households", "seniors", "families", "job-seekers"],
        ["funding", "influence-with-decision-makers", "meeting-space"],
        "The town's administration: roads, records, the town council and the annual budget.",
        "The council asks every department to show what residents get for each dollar before "
        "the spring budget review.",
        "Evidence of use and impact; fewer residents at the counter asking for help with online "
        "forms.",
    ),
    "Copperline Networks": (
        "business",
        ["small-business-owners", "rural-residents"],
        ["technology", "expertise", "funding"],
        "A rural internet provider and IT services firm with forty employees on Depot Road.",
        "Extending fibre to the east side of town this year and keen to be seen as a good "
        "neighbour.",
        "Goodwill in the neighbourhoods where it is digging up roads; places to show what fast "
        "internet makes possible.",
    ),
    "Birchbark Books & Coffee": (
        "business",
        ["families", "small-business-owners"],
        ["promotion", "in-kind-goods", "meeting-space"],
        "An independent bookshop and café on Main Street, run by its owner since 2015.",
        "Hosting author evenings and a Saturday story time that has outgrown the shop.",
        "More foot traffic on weekday afternoons.",
    ),
    "Lantern House Youth Shelter": (
        "nonprofit",
        ["youth-facing-homelessness", "teens"],
        ["expertise"],
        "Emergency housing, meals and a caring adult for young people aged 16 to 22 who have "
        "nowhere safe to sleep.",
        "Helping residents finish school and apply for their first jobs.",
        "Quiet space and a reliable internet connection for homework and job applications; "
        "adults who can help with résumés.",
    ),
    "Maple Ford School District": (
        "school",
        ["children", "teens", "families", "english-learners"],
        ["volunteers", "promotion", "meeting-space"],
        "Three schools and 900 students from kindergarten to grade twelve.",
        "Summer learning loss, and families who cannot get online to use the new homework portal.",
        "Places where students can work online after school and in the summer.",
    ),
    "Maple Ford Senior Center": (
        "nonprofit",
        ["seniors"],
        ["volunteers", "meeting-space", "transportation"],
        "Lunches, activities and a van for residents over sixty.",
        "Members struggle with online health portals and video calls with their doctors.",
        "Patient, one-to-one technology help.",
    ),
    "Ford Valley Credit Union": (
        "business",
        ["low-income-households", "job-seekers", "small-business-owners"],
        ["funding", "expertise", "promotion"],
        "A member-owned credit union with branches in three towns of the valley.",
        "Financial literacy for young adults; its community giving committee meets in January.",
        "Ways to meet people who do not have a bank account yet.",
    ),
    "The Maple Ford Courier": (
        "media",
        ["families", "seniors"],
        ["promotion"],
        "The town's weekly newspaper, in print and online since 1898.",
        "Keeping readers as the paper moves more of its stories online.",
        "Local stories with good photographs.",
    ),
    "Ford Valley Workforce Center": (
        "nonprofit",
        ["job-seekers", "adult-learners", "low-income-households"],
        ["training", "expertise"],
        "Free job search help, training vouchers and career counselling for the valley.",
        "Most job applications are now online only, and many of its clients have no computer.",
        "Computers its clients can use near where they live.",
    ),
    "Maple Ford Community Food Shelf": (
        "nonprofit",
        ["low-income-households", "families", "seniors"],
        ["volunteers", "promotion", "in-kind-goods"],
        "Groceries for anyone in town who needs them, no questions asked, twice a week.",
        "Reaching families who are eligible for food benefits but have not applied.",
        "Volunteers for Saturday distributions.",
    ),
}

# name: [(organization, role, started days ago, ended days ago or None)]
PEOPLE = {
    "Ruth Calloway": [("Town of Maple Ford", "Town council member", 1500, None)],
    "Martin Osei": [("Town of Maple Ford", "Town manager", 900, None)],
    "Gloria Pelletier": [("Hearthstone Club of Maple Ford", "President", 400, None)],
    "Tom Brandt": [("Hearthstone Club of Maple Ford", "Treasurer", 2000, None)],
    "Naomi Feldman": [("Three Rivers Community Foundation", "Program officer", 700, None)],
    "Arthur Pell": [
        ("Ledgemont University", "Dean of community engagement", 2400, 60),
    ],
    "Amara Lindqvist": [("Ledgemont University", "Dean of community engagement", 45, None)],
    "Kevin Cho": [("Copperline Networks", "Community relations manager", 500, None)],
    "Dana Whitcomb": [
        ("Birchbark Books & Coffee", "Owner", 3700, None),
        ("Hearthstone Club of Maple Ford", "Member", 800, None),
    ],
    "Lucia Moreno": [("Lantern House Youth Shelter", "Executive director", 1100, None)],
    "Sam Okoro": [("Lantern House Youth Shelter", "Youth advocate", 300, None)],
    "Beth Andersen": [("Maple Ford School District", "Curriculum coordinator", 1300, None)],
    "Frank DeLuca": [("Maple Ford Senior Center", "Director", 2100, None)],
    "Irene Bouchard": [("Ford Valley Credit Union", "Marketing manager", 600, None)],
    "Carl Young": [("The Maple Ford Courier", "Editor", 4000, None)],
}

# Who knows whom. (recorded by, one person, the other, kind, strength, shared with the library)
# A staff member is named by their login part ("director"); people outside the directory's
# organizations are listed in PERSONAL_CONTACTS. Some ties stay private to show how a colleague helps.
PERSONAL_CONTACTS = {
    "Elaine Marsh": "Helen's sister; lives on Orchard Lane, next door to Kevin Cho.",
    "Father Tomas Ruiz": "Leads St. Brendan's parish, where Priya sings in the choir.",
}
CONNECTIONS = [
    ("director", "director", "Gloria Pelletier", "club", 4, True),
    ("director", "Gloria Pelletier", "Tom Brandt", "club", 5, True),
    ("director", "director", "Ruth Calloway", "professional", 3, True),
    ("director", "director", "Elaine Marsh", "family", 5, False),
    ("director", "Elaine Marsh", "Kevin Cho", "neighbour", 4, False),
    ("teens", "teens", "Lucia Moreno", "professional", 5, True),
    ("teens", "teens", "Sam Okoro", "professional", 4, True),
    ("teens", "teens", "Beth Andersen", "school", 3, True),
    ("teens", "Beth Andersen", "Amara Lindqvist", "professional", 3, True),
    ("adults", "adults", "Naomi Feldman", "friend", 4, False),
    ("adults", "adults", "Dana Whitcomb", "neighbour", 3, True),
    ("adults", "Dana Whitcomb", "Kevin Cho", "friend", 2, True),
    ("adults", "adults", "Frank DeLuca", "professional", 4, True),
    ("adults", "adults", "Father Tomas Ruiz", "worship", 4, True),
    ("adults", "Father Tomas Ruiz", "Martin Osei", "worship", 3, True),
]

GOAL = {
    "statement": "Fund two more public computers before the next budget review",
    "description": (
        "The library's four public computers are booked solid from opening to closing, and "
        "people wait up to an hour to apply for jobs or benefits. Two more stations with a "
        "printer budget cost about $5,400 in the first year. The town council reviews the budget "
        "in the spring: we want a line for them, or a partner who pays for the first year while "
        "we show the council how much they are used."
    ),
    "primary": ["job-seekers", "low-income-households"],
    "secondary": ["seniors", "students"],
    "decision_makers": ["Ruth Calloway", "Martin Osei"],
    "resources": ["funding", "technology", "influence-with-decision-makers"],
}

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


@dataclass
class SampleReport:
    """What load_sample_data did."""

    library: object
    created: bool
    irs_report: object | None = None
    notes: list[str] = field(default_factory=list)


def logins() -> list[tuple[str, str, str]]:
    """(e-mail, name, role) of the sample staff, who all use DEMO_PASSWORD."""
    return [(f"{part}@{EMAIL_DOMAIN}", name, role) for part, name, role, _title in STAFF]


def shared_data_file(name: str = IRS_FILE) -> Path | None:
    """Find a file of the shared data: in $ALLIES_SHARED_DATA if set, else ../shared/data
    from the current folder or from the source checkout."""
    if os.environ.get("ALLIES_SHARED_DATA"):
        folders = [Path(os.environ["ALLIES_SHARED_DATA"]).expanduser()]
    else:
        folders = [
            Path.cwd() / ".." / "shared" / "data",
            Path(__file__).resolve().parents[2] / ".." / "shared" / "data",
        ]
    for folder in folders:
        if (folder / name).is_file():
            return (folder / name).resolve()
    return None


def tqdm_progress(total: int, desc: str):
    """Progress bars on standard error, as the commands show them."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, file=sys.stderr, leave=True)


def load_sample_data(progress=None, *, include_irs: bool = True) -> SampleReport:
    """Create the sample library once; import the Vermont organizations once. Safe to rerun.

    progress(total, description) returns a bar with update(n) and close() (see tqdm_progress).
    """
    from allies.libraries.models import Library

    library = Library.objects.filter(slug=SLUG).first()
    created = library is None
    if created:
        library = _create_story(progress)
    report = SampleReport(library=library, created=created)
    if include_irs:
        _import_irs(library, report, progress)
    return report


def _create_story(progress):
    from allies.libraries.models import Library

    steps = [
        _add_staff,
        _add_organizations,
        _add_people,
        _add_goal,
        _add_partnerships,
        _add_connections,
        _add_outreach,
        _add_stewardship,
        _add_plans_and_reports,
        _add_workshop,
    ]
    bar = progress(len(steps) + 1, "Sample library") if progress else None
    with transaction.atomic():
        library = Library.objects.create(slug=SLUG, **LIBRARY)
        _add_branches(library)
        if bar:
            bar.update(1)
        story = {"library": library}
        for step in steps:
            step(story)
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    return library


def _add_plans_and_reports(story):
    from allies.planning.sample import add_workbook
    from allies.recognition.sample import add_recognition
    from allies.recognition.sample_reports import add_report_history

    add_workbook(story)
    add_recognition(story)
    add_report_history(story)


def _add_workshop(story):
    from allies.workshop.sample_activities import add_workshop_sample

    add_workshop_sample(story)


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def _backdate(record, when) -> None:
    """Move the newest history entry of a record to when it happened in the story."""
    latest = record.history.order_by("-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(history_date=when)


def _add_branches(library):
    from allies.libraries.models import Branch

    Branch.objects.bulk_create(
        [Branch(library=library, name=n, address=a, city=library.city) for n, a in BRANCHES]
    )


def _add_staff(story):
    from allies.directory.models import Person
    from allies.libraries.models import Membership, User

    library = story["library"]
    story["staff"] = {}
    for part, name, role, title in STAFF:
        email = f"{part}@{EMAIL_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
        Membership.objects.get_or_create(
            user=user, library=library, defaults={"role": role, "joined_at": _days_ago(365)}
        )
        person = Person(
            library=library,
            name=name,
            email=email,
            user=user,
            notes=f"{title} at {library.name}.",
            created_at=_days_ago(365),
        )
        person._history_user = user
        person.save()
        _backdate(person, _days_ago(365))
        story["staff"][part] = user
    story["director"] = story["staff"]["director"]


def _vocabulary(library):
    from allies.directory.models import Audience, Resource

    audiences = {a.slug: a for a in Audience.objects.filter(library=library)}
    resources = {r.slug: r for r in Resource.objects.filter(library=library)}
    return audiences, resources


def _add_organizations(story):
    from allies.directory.models import Organization

    library, director = story["library"], story["director"]
    audiences, resources = _vocabulary(library)
    story["organizations"] = {}
    for age, (name, values) in enumerate(ORGANIZATIONS.items()):
        sector, audience_slugs, resource_slugs, mission, interests, needs = values
        when = _days_ago(380 - age)
        website_slug = "".join(c for c in name.lower() if c.isalnum())[:24]
        org = Organization(
            library=library,
            name=name,
            sector=sector,
            mission=mission,
            current_interests=interests,
            needs=needs,
            city=library.city,
            state="VT",
            website=f"https://{website_slug}.example",
            source="sample",
            created_at=when,
        )
        org._history_user = director
        org.save()
        org.audiences.set([audiences[s] for s in audience_slugs if s in audiences])
        org.resources.set([resources[s] for s in resource_slugs if s in resources])
        for record in org.history.all():
            type(record).objects.filter(pk=record.pk).update(history_date=when)
        story["organizations"][name] = org


def _add_people(story):
    from allies.directory.models import Affiliation, Person

    library, director = story["library"], story["director"]
    organizations = story["organizations"]
    story["people"] = {}
    today = timezone.localdate()
    for name, affiliations in PEOPLE.items():
        first_start = max(start for _org, _role, start, _end in affiliations)
        person = Person(library=library, name=name, created_at=_days_ago(min(first_start, 360)))
        person._history_user = director
        person.save()
        _backdate(person, person.created_at)
        for org_name, role, start, end in affiliations:
            affiliation = Affiliation(
                person=person,
                organization=organizations[org_name],
                role=role,
                started_on=today - timedelta(days=start),
            )
            affiliation._history_user = director
            affiliation.save()
            _backdate(affiliation, _days_ago(min(start, 360)))
            if end is not None:
                affiliation.ended_on = today - timedelta(days=end)
                affiliation._history_user = director
                affiliation._change_reason = "Left the organization"
                affiliation.save()
                _backdate(affiliation, _days_ago(end))
        story["people"][name] = person


def _add_goal(story):
    from allies.goals.models import Goal

    library, director = story["library"], story["director"]
    audiences, resources = _vocabulary(library)
    goal = Goal(
        library=library,
        statement=GOAL["statement"],
        description=GOAL["description"],
        deadline=timezone.localdate() + timedelta(days=150),
        status="active",
        created_at=_days_ago(130),
    )
    goal._history_user = director
    goal.save()
    goal.primary_audiences.set([audiences[s] for s in GOAL["primary"]])
    goal.secondary_audiences.set([audiences[s] for s in GOAL["secondary"]])
    goal.decision_makers.set([story["people"][n] for n in GOAL["decision_makers"]])
    goal.resources_needed.set([resources[s] for s in GOAL["resources"]])
    when = _days_ago(130)
    for step, record in enumerate(goal.history.order_by("history_id")):
        # Keep the entries in the order they were written: created first, then each list set.
        type(record).objects.filter(pk=record.pk).update(
            history_date=when + timedelta(seconds=step)
        )


def _add_partnerships(story):
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
            created_at=_days_ago(first_days),
        )
        partnership._history_user = staff[lead]
        partnership._change_reason = first_reason
        partnership.save()
        _backdate(partnership, _days_ago(first_days))
        first = StageChange.objects.create(
            partnership=partnership,
            from_stage="",
            to_stage=first_stage,
            changed_by=staff[lead],
            reason=first_reason,
        )
        StageChange.objects.filter(pk=first.pk).update(changed_at=_days_ago(first_days))
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
            StageChange.objects.filter(pk=change.pk).update(changed_at=_days_ago(days))
            _backdate(partnership, _days_ago(days))
            if stage == "declined":
                Refusal.objects.create(
                    library=library,
                    partnership=partnership,
                    reason=decline_reason or "other",
                    lessons=partnership.lessons,
                    try_again_on=partnership.try_again_on,
                    recorded_by=staff[lead],
                    recorded_at=_days_ago(days),
                )


def _add_connections(story):
    from allies.connections.models import Connection
    from allies.directory.models import Person

    library = story["library"]
    people = dict(story["people"])
    for name, note in PERSONAL_CONTACTS.items():
        people[name] = Person.objects.create(
            library=library, name=name, notes=note, created_at=_days_ago(200)
        )
    for part, user in story["staff"].items():
        people[part] = Person.objects.get(library=library, user=user)
    for recorder, one, other, kind, strength, shared in CONNECTIONS:
        Connection.record(
            library=library,
            one=people[one],
            other=people[other],
            recorded_by=story["staff"][recorder],
            kind=kind,
            strength=strength,
            shared=shared,
        )


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


def _add_outreach(story):
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
        LogEntry.objects.filter(pk=entry.pk).update(logged_at=_days_ago(days))

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


def _add_stewardship(story):
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
            Contact.objects.filter(pk=contact.pk).update(logged_at=_days_ago(days))
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
    LibraryEvent.objects.filter(pk=opening.pk).update(created_at=_days_ago(20))
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
                answered_at=_days_ago(20),
            )


def _introduction_chain(org_name: str, connector: str, target: str) -> list[str]:
    """The chain as the asker saw it: from the asker (or the colleague asked) to the target."""
    between = {"Ledgemont University": ["Beth Andersen"], "Copperline Networks": ["Dana Whitcomb"]}
    start = {"Hearthstone Club of Maple Ford": ["Helen Marsh"]}
    return [*start.get(org_name, []), connector, *between.get(org_name, []), target]


def _introduction_names() -> set[str]:
    return {name for _o, _a, c, t, _s, _m in INTRODUCTIONS for name in (c, t)}


def _import_irs(library, report: SampleReport, progress) -> None:
    from allies.directory.models import Organization

    if Organization.objects.filter(library=library).exclude(ein="").exists():
        return
    path = shared_data_file()
    if path is None:
        report.notes.append(
            f"The Vermont organizations were not imported: {IRS_FILE} was not found in "
            "$ALLIES_SHARED_DATA or ../shared/data. Import it later with "
            f"`allies import organizations {IRS_FILE} --library {SLUG} --format irs-bmf`."
        )
        return
    from allies.directory.irs import import_irs_bmf

    director = library.memberships.filter(role="owner").select_related("user").first()
    bar = None
    if progress:
        with path.open("rb") as file:
            rows = max(0, sum(1 for _line in file) - 1)
        bar = progress(rows, "Vermont organizations")
    try:
        report.irs_report = import_irs_bmf(
            path,
            library,
            user=director.user if director else None,
            progress=bar.update if bar else None,
        )
    finally:
        if bar:
            bar.close()
