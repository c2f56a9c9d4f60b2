"""A library's possible duplicates: its records read for the `duplicates` engine, the pairs staff
said are distinct left out, and the engine's reasons put in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from allies.directory import duplicates
from allies.directory.models import Affiliation, NotDuplicate, Organization, Person, RecordKind

ORGANIZATION_FIELDS = (
    "id",
    "name",
    "ein",
    "website",
    "email",
    "phone",
    "address",
    "city",
    "zip_code",
)


@dataclass
class FoundPair:
    a: object
    b: object
    score: float
    why: list[str]


def describe(reason: duplicates.Reason) -> str:
    """One reason in words, for the page and the command."""
    texts = {
        "same_name": _("Same name"),
        "similar_name": _("Similar names (%(detail)s%%)"),
        "same_ein": _("Same EIN (%(detail)s)"),
        "different_ein": _("Different EINs"),
        "same_phone": _("Same phone number"),
        "same_email": _("Same e-mail address (%(detail)s)"),
        "same_domain": _("Same web or e-mail domain (%(detail)s)"),
        "same_address": _("Same street address"),
        "same_city": _("Same city"),
        "different_city": _("Different cities"),
        "same_zip": _("Same ZIP code (%(detail)s)"),
        "different_numbers": _("Different numbers in the names"),
        "different_qualifier": _(
            "Names that differ by a telling word (North/South, Boys/Girls...)"
        ),
        "affiliate": _(
            "One name is that of an affiliated body (Friends of, Auxiliary, Foundation, Fund)"
        ),
        "nickname": _("Nickname of the same first name (%(detail)s)"),
        "initial": _("An initial that fits the first name (%(detail)s)"),
        "same_organization": _("At the same organization"),
    }
    text = texts.get(reason.code, reason.code)
    return text % {"detail": reason.detail} if "%(detail)s" in text else text


def _dismissed(library, kind: str) -> list[tuple[int, int]]:
    return list(
        NotDuplicate.objects.filter(library=library, kind=kind).values_list("first_id", "second_id")
    )


def record_of(organization, record_id: int, *, ein: str | None = None):
    """What the engine compares of an organization (saved or not), under `record_id`; `ein`
    replaces its EIN (an empty one says nothing either way)."""
    return duplicates.OrganizationRecord(
        record_id,
        organization.name,
        organization.ein if ein is None else ein,
        organization.website,
        organization.email,
        organization.phone,
        organization.address,
        organization.city,
        organization.zip_code,
    )


def organization_records(library) -> list[duplicates.OrganizationRecord]:
    rows = Organization.objects.filter(library=library).order_by().values_list(*ORGANIZATION_FIELDS)
    return [duplicates.OrganizationRecord(*row) for row in rows]


def person_records(library) -> list[duplicates.PersonRecord]:
    current: dict[int, list[int]] = {}
    for person_id, organization_id in (
        Affiliation.objects.current()
        .filter(person__library=library)
        .order_by()
        .values_list("person_id", "organization_id")
    ):
        current.setdefault(person_id, []).append(organization_id)
    rows = (
        Person.objects.filter(library=library)
        .order_by()
        .values_list("id", "name", "email", "phone")
    )
    return [
        duplicates.PersonRecord(pk, name, email, phone, tuple(current.get(pk, ())))
        for pk, name, email, phone in rows
    ]


def find(library, kind: str = RecordKind.ORGANIZATION, limit: int | None = None) -> list[FoundPair]:
    """The library's possible duplicates of one kind, best first, with the records themselves."""
    if kind == RecordKind.PERSON:
        pairs = duplicates.find_person_duplicates(
            person_records(library), exclude=_dismissed(library, kind)
        )
        model = Person
    else:
        pairs = duplicates.find_organization_duplicates(
            organization_records(library), exclude=_dismissed(library, kind)
        )
        model = Organization
    if limit is not None:
        pairs = pairs[:limit]
    ids = {pair.a for pair in pairs} | {pair.b for pair in pairs}
    records = model.objects.filter(library=library).in_bulk(ids)
    return [
        FoundPair(
            records[pair.a],
            records[pair.b],
            pair.score,
            [describe(r) for r in pair.reasons],
        )
        for pair in pairs
        if pair.a in records and pair.b in records
    ]


def dismiss(library, kind: str, first_id: int, second_id: int, user=None) -> NotDuplicate:
    low, high = sorted((first_id, second_id))
    found, _created = NotDuplicate.objects.get_or_create(
        library=library,
        kind=kind,
        first_id=low,
        second_id=high,
        defaults={"decided_by": user},
    )
    return found


def as_json(pairs: list[FoundPair], kind: str = RecordKind.ORGANIZATION) -> dict:
    """`allies duplicates --json`: {"pairs": [{"a": {...}, "b": {...}, "score", "why"}]}."""

    def record(item) -> dict:
        if kind == RecordKind.PERSON:
            return {"id": item.pk, "name": item.name, "email": item.email or None}
        return {"id": item.pk, "name": item.name, "ein": item.ein or None, "city": item.city}

    return {
        "pairs": [
            {"a": record(p.a), "b": record(p.b), "score": p.score, "why": p.why} for p in pairs
        ]
    }
