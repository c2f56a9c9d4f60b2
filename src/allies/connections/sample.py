"""Who the sample library's staff know, and how well, so that introductions can be drawn."""

from __future__ import annotations

from allies.core.sample import days_ago

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


def add_connections(story):
    from allies.connections.models import Connection
    from allies.directory.models import Person

    library = story["library"]
    people = dict(story["people"])
    for name, note in PERSONAL_CONTACTS.items():
        people[name] = Person.objects.create(
            library=library, name=name, notes=note, created_at=days_ago(200)
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
