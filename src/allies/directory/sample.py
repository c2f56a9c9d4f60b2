"""The sample library's directory: its organizations and people, its staff as people, and the
Vermont organizations of the IRS extract (see allies.sample_data)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from allies.core.sample import backdate, days_ago
from allies.libraries.sample import DEMO_PASSWORD, EMAIL_DOMAIN, SLUG, STAFF

IRS_FILE = "irs-eo-bmf-vt.csv"


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


def shared_data_file(name: str = IRS_FILE) -> Path | None:
    """Find a file of the shared data: in $ALLIES_SHARED_DATA if set, else ../shared/data
    from the current folder or from the source checkout."""
    if os.environ.get("ALLIES_SHARED_DATA"):
        folders = [Path(os.environ["ALLIES_SHARED_DATA"]).expanduser()]
    else:
        folders = [
            Path.cwd() / ".." / "shared" / "data",
            Path(__file__).resolve().parents[3] / ".." / "shared" / "data",
        ]
    for folder in folders:
        if (folder / name).is_file():
            return (folder / name).resolve()
    return None


def add_staff(story):
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
            user=user, library=library, defaults={"role": role, "joined_at": days_ago(365)}
        )
        person = Person(
            library=library,
            name=name,
            email=email,
            user=user,
            notes=f"{title} at {library.name}.",
            created_at=days_ago(365),
        )
        person._history_user = user
        person.save()
        backdate(person, days_ago(365))
        story["staff"][part] = user
    story["director"] = story["staff"]["director"]


def vocabulary(library):
    from allies.directory.models import Audience, Resource

    audiences = {a.slug: a for a in Audience.objects.filter(library=library)}
    resources = {r.slug: r for r in Resource.objects.filter(library=library)}
    return audiences, resources


def add_organizations(story):
    from allies.directory.models import Organization

    library, director = story["library"], story["director"]
    audiences, resources = vocabulary(library)
    story["organizations"] = {}
    for age, (name, values) in enumerate(ORGANIZATIONS.items()):
        sector, audience_slugs, resource_slugs, mission, interests, needs = values
        when = days_ago(380 - age)
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


def add_people(story):
    from allies.directory.models import Affiliation, Person

    library, director = story["library"], story["director"]
    organizations = story["organizations"]
    story["people"] = {}
    today = timezone.localdate()
    for name, affiliations in PEOPLE.items():
        first_start = max(start for _org, _role, start, _end in affiliations)
        person = Person(library=library, name=name, created_at=days_ago(min(first_start, 360)))
        person._history_user = director
        person.save()
        backdate(person, person.created_at)
        for org_name, role, start, end in affiliations:
            affiliation = Affiliation(
                person=person,
                organization=organizations[org_name],
                role=role,
                started_on=today - timedelta(days=start),
            )
            affiliation._history_user = director
            affiliation.save()
            backdate(affiliation, days_ago(min(start, 360)))
            if end is not None:
                affiliation.ended_on = today - timedelta(days=end)
                affiliation._history_user = director
                affiliation._change_reason = "Left the organization"
                affiliation.save()
                backdate(affiliation, days_ago(end))
        story["people"][name] = person


def import_irs(library, report, progress) -> None:
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
