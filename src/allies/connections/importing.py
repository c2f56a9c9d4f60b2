"""Importing my contacts (vCard) and connections (CSV): plan every row first, then write all or nothing.

`plan_contacts` and `plan_connections` read the file and decide, row by row, what would happen
without writing anything (the preview). `apply` writes the plan in one transaction, and only when no
row has an error, so a file with a problem changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.connections.models import Connection, ContactImport, Kind, Strength
from allies.connections.people import person_for
from allies.connections.vcard import Contact, NotAVCard, read_vcards
from allies.directory.importing import BadFile, read_table
from allies.directory.models import Affiliation, Organization, Person

NOT_A_VCARD = {
    "empty": gettext_lazy("The file is empty: there are no contacts in it."),
    "binary": gettext_lazy(
        "This file is not a contacts file: it looks like a picture, a PDF or an archive. "
        "Export your contacts as a vCard (.vcf) file and upload that."
    ),
    "too-many": gettext_lazy(
        "This file holds more than 10,000 contacts, the most Allies reads at once. Export a "
        "smaller group of contacts (or split the file) and upload each part."
    ),
    "no-cards": gettext_lazy(
        "No contacts were found in this file. Export your contacts from your phone or mail "
        "program as a vCard (.vcf) file and upload that."
    ),
}
ROLE_LENGTH = Affiliation._meta.get_field("role").max_length
PHONE_LENGTH = Person._meta.get_field("phone").max_length
TRUE_WORDS = {"yes", "y", "true", "1", "shared", "x"}
FALSE_WORDS = {"", "no", "n", "false", "0", "private"}
CSV_COLUMNS = {
    "person": "person",
    "other person": "other",
    "other": "other",
    "kind": "kind",
    "strength": "strength",
    "since": "since",
    "note": "note",
    "shared": "shared",
}


@dataclass
class Row:
    """One card or one spreadsheet row, and what importing it would do."""

    number: int
    label: str
    action: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What to write: filled while planning.
    person: Person | None = None
    new_person: dict | None = None
    other: Person | None = None
    organization: str = ""
    title: str = ""
    fields: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "label": self.label,
            "action": self.action,
            "organization": self.organization,
            "errors": self.errors,
            "notes": self.notes,
        }


@dataclass
class Plan:
    """Every row of a file and what it would do; `apply` writes it all or nothing."""

    library: object
    user: object
    file_format: str
    rows: list[Row]

    @property
    def errors(self) -> list[dict]:
        return [{"row": row.number, "message": e} for row in self.rows for e in row.errors]

    def report(self, *, written: bool = False, counts: dict | None = None) -> dict:
        return {
            "written": written,
            "total": len(self.rows),
            "counts": counts or {},
            "errors": self.errors,
            "rows": [row.as_dict() for row in self.rows],
        }

    def apply(self, filename: str) -> dict:
        if self.errors:
            return self.report()
        counts = dict.fromkeys(
            ("people_created", "connections_created", "connections_updated", "organizations"), 0
        )
        with transaction.atomic():
            me = person_for(self.user, self.library)
            organizations: dict[str, Organization] = {}
            for row in self.rows:
                if row.action == "skip":
                    continue
                if self.file_format == "vcard":
                    one = row.person or _create_person(self.library, row.new_person, filename)
                    if row.person is None:
                        counts["people_created"] += 1
                        row.person = one
                    else:
                        _fill_blanks(one, row.new_person, filename)
                    if row.organization:
                        counts["organizations"] += _affiliate(
                            self.library, one, row.organization, row.title, organizations
                        )
                    one, other = me, one
                else:
                    one, other = row.person, row.other
                _connection, created = Connection.record(
                    library=self.library, one=one, other=other, recorded_by=self.user, **row.fields
                )
                counts["connections_created" if created else "connections_updated"] += 1
        return self.report(written=True, counts=counts)


def _create_person(library, values: dict, filename: str) -> Person:
    person = Person(library=library, **values)
    person._change_reason = _("Import of %(filename)s") % {"filename": filename}
    person.save()
    return person


def _fill_blanks(person: Person, values: dict, filename: str) -> None:
    """Add an e-mail or phone the directory lacks; never overwrite what a librarian typed."""
    changed = [key for key in ("email", "phone") if values.get(key) and not getattr(person, key)]
    for key in changed:
        setattr(person, key, values[key])
    if changed:
        person._change_reason = _("Import of %(filename)s") % {"filename": filename}
        person.save()


def _affiliate(library, person, name: str, title: str, cache: dict) -> int:
    """Affiliate the person with the organization named (found by name or created).

    Returns 1 when the organization was created."""
    key = name.casefold()
    created = 0
    if key not in cache:
        organization = Organization.objects.filter(library=library, name__iexact=name).first()
        if organization is None:
            organization = Organization.objects.create(library=library, name=name)
            created = 1
        cache[key] = organization
    organization = cache[key]
    if not Affiliation.objects.current().filter(person=person, organization=organization).exists():
        Affiliation.objects.create(person=person, organization=organization, role=title)
    return created


class Directory:
    """This library's people, looked up by e-mail and by name without one query per row."""

    def __init__(self, library) -> None:
        self.by_email: dict[str, list[Person]] = {}
        self.by_name: dict[str, list[Person]] = {}
        for person in Person.objects.filter(library=library).only("id", "name", "email", "user"):
            if person.email:
                self.by_email.setdefault(person.email.casefold(), []).append(person)
            self.by_name.setdefault(" ".join(person.name.casefold().split()), []).append(person)

    def find(self, email: str = "", name: str = "") -> list[Person]:
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        return self.by_name.get(" ".join(name.casefold().split()), []) if name else []


def plan_contacts(contacts: list[Contact], library, user, *, kind: str, strength: int) -> Plan:
    """Each card becomes (or matches, by e-mail then name) a person I am connected to."""
    directory = Directory(library)
    me = Person.objects.filter(library=library, user=user).first()
    rows = []
    for contact in contacts:
        row = Row(number=contact.line, label=contact.name or contact.email)
        row.fields = {"kind": kind, "strength": strength, "shared": False}
        rows.append(row)
        email = contact.email
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.notes.append(
                    _("The e-mail “%(email)s” is not valid; left out.") % {"email": email}
                )
                email = ""
        name = contact.name or email
        if not name:
            row.action = "skip"
            row.notes.append(_("This card has neither a name nor an e-mail: skipped."))
            continue
        if len(name) > 200:
            row.errors.append(_("The name is longer than 200 characters."))
        if len(contact.organization) > 300:
            row.errors.append(_("The organization's name is longer than 300 characters."))
        for text, limit, label in (
            (contact.title, ROLE_LENGTH, _("The role")),
            (contact.phone, PHONE_LENGTH, _("The phone number")),
        ):
            if len(text) > limit:  # refused with the reason, never cut
                row.errors.append(
                    _(
                        "%(what)s has %(count)s characters; Allies keeps at most %(limit)s. "
                        "Shorten it in the file (nothing was cut)."
                    )
                    % {"what": label, "count": len(text), "limit": limit}
                )
        matches = directory.find(email, name)
        if me is not None and any(p.pk == me.pk for p in matches):
            row.action = "skip"
            row.notes.append(_("This card is you: skipped."))
            continue
        row.new_person = {"name": name, "email": email, "phone": contact.phone}
        row.organization, row.title = contact.organization, contact.title
        if matches:
            row.person = matches[0]
            row.action = "match"
            if len(matches) > 1:
                row.notes.append(
                    _("%(count)s people match; the first one, %(name)s, is used.")
                    % {"count": len(matches), "name": matches[0].name}
                )
        else:
            row.action = "new"
    return Plan(library=library, user=user, file_format="vcard", rows=rows)


def plan_connections(data: bytes, filename: str, library, user) -> Plan:
    """Rows of person, other person, kind, strength, since, note, shared. Raises BadFile."""
    table = read_table(data, filename)
    columns = {}
    for index, heading in enumerate(table.headers):
        key = CSV_COLUMNS.get(" ".join(heading.casefold().replace("_", " ").split()))
        if key and key not in columns:
            columns[key] = index
    if "person" not in columns or "other" not in columns:
        raise BadFile(
            _(
                "The file needs the columns “person” and “other person” in its first row "
                "(and may have kind, strength, since, note and shared)."
            )
        )
    if not table.rows:
        raise BadFile(
            _("The file has headings but no rows below them: there is nothing to import.")
        )
    directory = Directory(library)
    me = person_for(user, library)
    rows = []
    for number, cells in table.rows:
        value = {key: table.cell(cells, index).strip() for key, index in columns.items()}
        row = Row(number=number, label=f"{value['person']} – {value['other']}", action="connect")
        rows.append(row)
        row.person = _resolve(row, value["person"], directory, me)
        row.other = _resolve(row, value["other"], directory, me)
        if row.person and row.other and row.person.pk == row.other.pk:
            row.errors.append(_("A person cannot be connected to themselves."))
        row.fields = _connection_fields(row, value)
    return Plan(library=library, user=user, file_format="csv", rows=rows)


def _resolve(row: Row, text: str, directory: Directory, me: Person) -> Person | None:
    if not text:
        row.errors.append(_("Both people are needed: a name or an e-mail in each column."))
        return None
    if text.casefold() in ("me", _("me").casefold()):
        return me
    matches = directory.find(email=text) if "@" in text else directory.find(name=text)
    if not matches:
        row.errors.append(
            _(
                "Nobody called “%(text)s” is in the directory. Add them first, or check the spelling."
            )
            % {"text": text}
        )
        return None
    if len(matches) > 1:
        row.errors.append(
            _("%(count)s people are called “%(text)s”: use their e-mail instead.")
            % {"count": len(matches), "text": text}
        )
        return None
    return matches[0]


def _connection_fields(row: Row, value: dict) -> dict:
    fields: dict = {"kind": Kind.OTHER, "strength": Strength.FRIENDLY, "shared": False}
    kind = value.get("kind", "").casefold()
    if kind:
        found = [k for k in Kind if kind in (k.value, str(k.label).casefold())]
        if found:
            fields["kind"] = found[0].value
        else:
            row.errors.append(
                _("The kind “%(kind)s” is not one Allies knows (%(kinds)s).")
                % {"kind": value["kind"], "kinds": ", ".join(str(k.label) for k in Kind)}
            )
    strength = value.get("strength", "")
    if strength:
        if strength.isdigit() and 1 <= int(strength) <= 5:
            fields["strength"] = int(strength)
        else:
            row.errors.append(
                _("The strength “%(value)s” should be a whole number from 1 to 5.")
                % {"value": strength}
            )
    since = value.get("since", "")
    if since:
        try:
            fields["since"] = (
                datetime.date(int(since), 1, 1)
                if since.isdigit() and len(since) == 4
                else datetime.date.fromisoformat(since)
            )
        except ValueError:
            row.errors.append(
                _("The date “%(value)s” should look like 2019-05-01 or 2019.") % {"value": since}
            )
    shared = value.get("shared", "").casefold()
    if shared in TRUE_WORDS:
        fields["shared"] = True
    elif shared not in FALSE_WORDS:
        row.errors.append(_("“Shared” should be yes or no, not “%(value)s”.") % {"value": shared})
    if value.get("note"):
        fields["note"] = value["note"]
    return fields


# An upload kept between its preview and its import ---------------------------------------------


def problem_with(data: bytes, filename: str, file_format: str, library, user) -> str:
    """A message saying why the file cannot be imported, or "" when it can."""
    try:
        if file_format == ContactImport.Format.VCARD:
            read_vcards(data)
        else:
            plan_connections(data, filename, library, user)
    except NotAVCard as problem:
        return str(NOT_A_VCARD[problem.reason])
    except BadFile as problem:
        return problem.message
    return ""


def plan_upload(batch: ContactImport, user) -> Plan:
    """What importing this upload would do; raises NotAVCard or BadFile when it cannot be read."""
    data = bytes(batch.data)
    if batch.file_format == ContactImport.Format.VCARD:
        return plan_contacts(
            read_vcards(data), batch.library, user, kind=batch.kind, strength=batch.strength
        )
    return plan_connections(data, batch.filename, batch.library, user)


def run_upload(batch: ContactImport, user) -> None:
    """Import the upload once: a double click or a second process finds it already claimed."""
    claimed = ContactImport.objects.filter(
        pk=batch.pk, status=ContactImport.Status.UPLOADED
    ).update(status=ContactImport.Status.FAILED)
    if not claimed:
        return
    try:
        report = plan_upload(batch, user).apply(batch.filename)
    except (NotAVCard, BadFile):
        report = {
            "written": False,
            "errors": [{"row": None, "message": _("The file could not be read.")}],
            "rows": [],
        }
    batch.report = report
    batch.status = (
        ContactImport.Status.IMPORTED if report["written"] else ContactImport.Status.FAILED
    )
    batch.finished_at = timezone.now()
    batch.data = b""
    batch.save(update_fields=["report", "status", "finished_at", "data"])
