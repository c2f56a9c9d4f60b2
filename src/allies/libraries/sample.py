"""The sample library itself: Maple Ford Free Library, its branches and its staff (see allies.sample_data)."""

from __future__ import annotations

SLUG = "sample"


DEMO_PASSWORD = "maple-ford-demo"  # noqa: S105 - the documented demo password


EMAIL_DOMAIN = "sample.allies.example"


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


def add_branches(library):
    from allies.libraries.models import Branch

    Branch.objects.bulk_create(
        [Branch(library=library, name=n, address=a, city=library.city) for n, a in BRANCHES]
    )
