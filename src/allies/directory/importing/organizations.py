"""Planning organizations: match each row (by EIN, else name and city) and decide the change."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from allies.directory.importing.cleaning import Candidate
from allies.directory.importing.columns import ORGANIZATIONS
from allies.directory.importing.plan import (
    ORGANIZATION,
    PERSON,
    ImportPlan,
    chunks,
    fold,
    in_bulk,
)
from allies.directory.models import Affiliation, Audience, Organization, Person, Resource


def _vocabulary(model, library) -> dict[str, int]:
    terms = {}
    for term_id, name, slug in model.objects.filter(library=library).values_list(
        "id", "name", "slug"
    ):
        terms.setdefault(fold(name), term_id)
        terms.setdefault(slug, term_id)
    return terms


def plan_organizations(
    candidates: list[Candidate],
    library,
    *,
    filename: str,
    file_format: str,
    source: str = "",
    only_when_new: frozenset[str] = frozenset(),
    merge_notes: Callable[[str, str], str] | None = None,
    warn_unknown_terms: bool = True,
    link_hand_made: bool = False,
    merge_into: dict[int, dict] | None = None,
) -> ImportPlan:
    """Match each row to an existing organization (EIN, else name and city) and plan the change.

    Empty cells never erase what is already there; audiences and resources are added, never
    removed; fields in `only_when_new` are set only on organizations the import creates.
    `merge_into` maps a row number to the organization ({"id", "name", ...}) staff chose to merge
    it into, under another name: the row updates that record instead of creating one.
    """
    plan = ImportPlan(ORGANIZATIONS, library, filename, file_format)
    merge_into = merge_into or {}
    plan.choosable = source == "import"
    by_ein: dict[str, int] = {}
    by_name_city: dict[tuple[str, str], int] = {}
    by_name_city_without_ein: dict[tuple[str, str], int] = {}
    existing = Organization.objects.filter(library=library).order_by("id")
    library_ids: set[int] = set()
    for org_id, ein, name, city in existing.values_list("id", "ein", "name", "city"):
        library_ids.add(org_id)
        key = (fold(name), fold(city))
        if ein:
            by_ein.setdefault(ein, org_id)
        else:
            by_name_city_without_ein.setdefault(key, org_id)
        by_name_city.setdefault(key, org_id)

    matches: dict[int, int] = {}  # candidate index -> existing organization id
    unmatched: list[int] = []  # rows with an EIN no record has, to link to a hand-made one
    seen: dict[object, int] = {}  # match key -> row number of the first row with it
    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        plan.outcomes.append(outcome)
        if outcome.errors or outcome.action == "skipped":
            continue
        values = candidate.values
        key = (fold(values["name"]), fold(values.get("city", "")))
        ein = values.get("ein", "")
        org_id = (
            (by_ein.get(ein) or by_name_city_without_ein.get(key)) if ein else by_name_city.get(key)
        )
        target = merge_into.get(outcome.row, {}).get("id")
        if not org_id and target in library_ids:  # only this library's records
            org_id = target
            plan.merged_into[outcome.row] = merge_into[outcome.row]
        identity = ("id", org_id) if org_id else (("ein", ein) if ein else ("name", key))
        if identity in seen:
            outcome.action = "skipped"
            outcome.warnings.append(
                _("skipped: the same organization as row %(row)s") % {"row": seen[identity]}
            )
            continue
        seen[identity] = outcome.row
        if org_id:
            matches[index] = org_id
        elif link_hand_made and ein:
            unmatched.append(index)

    linked: set[int] = set()  # candidate indexes matched to a hand-made record, not by EIN
    if unmatched and by_name_city_without_ein:
        linked = _link_hand_made(candidates, unmatched, library, matches)

    found = in_bulk(Organization, matches.values())
    current_terms: dict[tuple[int, str], set[int]] = {}
    for name in ("audiences", "resources"):
        through = getattr(Organization, name).through
        column = "audience_id" if name == "audiences" else "resource_id"
        for chunk in chunks(sorted(found)):
            for org_id, term_id in through.objects.filter(organization_id__in=chunk).values_list(
                "organization_id", column
            ):
                current_terms.setdefault((org_id, name), set()).add(term_id)
    vocabularies = {
        "audiences": _vocabulary(Audience, library),
        "resources": _vocabulary(Resource, library),
    }
    noun = {"audiences": _("audience"), "resources": _("resource")}
    new_rows: list[tuple] = []
    planned: dict[int, Organization] = {}  # candidate index -> its organization, new or not

    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        if outcome.errors or outcome.action == "skipped":
            continue
        organization = found.get(matches.get(index))
        is_new = organization is None
        changed: set[str] = set()
        if is_new:
            organization = Organization(library_id=library.pk, source=source, **candidate.values)
        for name, value in () if is_new else candidate.values.items():
            if name in only_when_new and not is_new:
                continue
            if link_hand_made and organization.source != source and _staffs(organization, name):
                continue
            if name == "notes" and merge_notes:
                value = merge_notes(organization.notes, value)
            if getattr(organization, name) != value:
                plan.note_change(
                    outcome.row,
                    ORGANIZATION,
                    organization,
                    name,
                    getattr(organization, name),
                    value,
                )
                setattr(organization, name, value)
                changed.add(name)
        for name in ("audiences", "resources"):
            have = current_terms.get((organization.pk, name), set()) if not is_new else set()
            for term in getattr(candidate, name):
                term_id = vocabularies[name].get(fold(term))
                if term_id is None:
                    if warn_unknown_terms:
                        outcome.warnings.append(
                            _(
                                "the %(noun)s '%(term)s' is not in your library's list and was "
                                "left out (add it in Settings, then import again)"
                            )
                            % {"noun": noun[name], "term": term}
                        )
                elif term_id not in have:
                    have.add(term_id)
                    plan.terms_to_add.append((organization, name, term_id))
                    changed.add(name)
        planned[index] = organization
        if is_new:
            plan.new_organizations.append(organization)
            new_rows.append((outcome, organization))
            outcome.action = "created"
        elif changed:
            plan.changed_organizations[organization.pk] = (organization, changed)
            outcome.action = "updated"
            if index in linked:
                outcome.warnings.append(
                    _(
                        "linked to %(name)s, already in the directory without an EIN: its EIN, "
                        "NTEE code and IRS figures were filled in; nothing your staff wrote changed"
                    )
                    % {"name": organization.name}
                )
        else:
            outcome.action = "unchanged"
    if any(candidates[index].contact for index in planned):
        _plan_contacts(plan, candidates, planned, library)
    if new_rows and by_name_city:
        _flag_possible_duplicates(plan, new_rows, library)
    return plan


def _plan_contacts(plan: ImportPlan, candidates: list, planned: dict, library) -> None:
    """The contact columns of an organizations sheet: each row's person, matched on the e-mail
    (anywhere in the library), else on the name among the people of that organization; created
    or updated (an empty cell never erases), with a current affiliation to the organization."""
    people = {p.pk: p for p in Person.objects.filter(library=library).order_by("id")}
    by_email: dict[str, Person] = {}
    for person in people.values():
        if person.email:
            by_email.setdefault(person.email.casefold(), person)
    org_ids = sorted({org.pk for org in planned.values() if org.pk})
    by_org_name: dict[tuple[int, str], Person] = {}  # (organization id, folded name)
    current: dict[tuple[int, int], Affiliation] = {}
    for chunk in chunks(org_ids):
        for affiliation in Affiliation.objects.filter(organization_id__in=chunk).order_by("id"):
            person = people.get(affiliation.person_id)
            if person is None:
                continue
            by_org_name.setdefault((affiliation.organization_id, fold(person.name)), person)
            if affiliation.is_current:
                current.setdefault(
                    (affiliation.person_id, affiliation.organization_id), affiliation
                )
    in_file: dict[tuple, Person] = {}  # people this file creates, by e-mail and by (org, name)
    linked: set[tuple[int, int]] = set()
    for index, organization in planned.items():
        contact = candidates[index].contact
        if not contact.get("name"):
            continue
        email = contact.get("email", "").casefold()
        name = fold(contact["name"])
        org_key = organization.pk or id(organization)
        person = (
            (by_email.get(email) or in_file.get(("email", email)) if email else None)
            or by_org_name.get((organization.pk, name) if organization.pk else None)
            or in_file.get(("name", org_key, name))
        )
        row = candidates[index].outcome.row
        if person is None:
            person = Person(library_id=library.pk, name=contact["name"])
            for key in ("email", "phone"):
                if contact.get(key):
                    setattr(person, key, contact[key])
            plan.new_people.append(person)
            plan.contacts[row] = "created"
        else:
            changed = plan.changed_people.get(person.pk, (person, set()))[1] if person.pk else None
            for key in ("email", "phone"):
                value = contact.get(key, "")
                if value and getattr(person, key) != value:
                    if person.pk:
                        plan.note_change(row, PERSON, person, key, getattr(person, key), value)
                    setattr(person, key, value)
                    if changed is not None:
                        changed.add(key)
            if changed:
                plan.changed_people[person.pk] = (person, changed)
                plan.contacts[row] = "updated"
            else:
                plan.contacts[row] = "unchanged"
        if email:
            in_file.setdefault(("email", email), person)
        in_file.setdefault(("name", org_key, name), person)
        link = (id(person), id(organization))
        if link in linked:
            continue
        linked.add(link)
        role = contact.get("role", "")
        existing = (
            current.get((person.pk, organization.pk)) if person.pk and organization.pk else None
        )
        if existing is None:
            plan.new_affiliations.append((person, organization, role))
            plan.other_updates.add((row, PERSON))
            if plan.contacts[row] == "unchanged" and person.pk:
                plan.contacts[row] = "updated"
        elif role and existing.role != role:
            existing.role = role
            plan.changed_affiliations.append(existing)
            plan.other_updates.add((row, PERSON))
            if plan.contacts[row] == "unchanged":
                plan.contacts[row] = "updated"


# What the IRS extract knows that staff rarely type: filled in on a linked hand-made record.
IRS_FIELDS = frozenset(
    {"ein", "ntee_code", "income", "assets", "irs_subsection", "irs_foundation", "irs_activity"}
)


TYPED_BY_STAFF = frozenset({"ein", "ntee_code"})


def _staffs(organization, name: str) -> bool:
    """On a record staff made (linked now or before), the IRS import writes only what the IRS
    knows, and the EIN and NTEE code only when staff left them empty."""
    return name not in IRS_FIELDS or bool(name in TYPED_BY_STAFF and getattr(organization, name))


def _link_hand_made(candidates: list, unmatched: list[int], library, matches: dict) -> set[int]:
    """IRS rows whose EIN no record has, matched (name, city, ZIP, fuzzy) to a record staff
    made without an EIN; each record takes one row, the likeliest."""
    from allies.directory import dedupe, duplicates

    records = [r for r in dedupe.organization_records(library) if not r.ein]
    for index in unmatched:
        values = candidates[index].values
        records.append(
            duplicates.OrganizationRecord(
                -(index + 1),
                values.get("name", ""),
                "",  # the EIN is what the record lacks: it says nothing either way
                "",
                "",
                "",
                values.get("address", ""),
                values.get("city", ""),
                values.get("zip_code", ""),
            )
        )
    focus = {-(index + 1) for index in unmatched}
    taken: set[int] = set(matches.values())
    linked: set[int] = set()
    for pair in duplicates.find_organization_duplicates(records, focus=focus):
        row_id, record_id = (pair.a, pair.b) if pair.a < 0 else (pair.b, pair.a)
        if record_id < 0 or row_id >= 0 or record_id in taken:
            continue
        # Linking writes without asking row by row: the same town (or ZIP) as well.
        if not {"same_city", "same_zip"} & {reason.code for reason in pair.reasons}:
            continue
        index = -row_id - 1
        if index in linked:
            continue
        matches[index] = record_id
        taken.add(record_id)
        linked.add(index)
    return linked


def _flag_possible_duplicates(plan: ImportPlan, new_rows: list[tuple], library) -> None:
    """New rows that look like an organization the directory has under another name: noted on
    the row (the import still creates them; the Possible duplicates page resolves them)."""
    from allies.directory import dedupe, duplicates

    existing = dedupe.organization_records(library)
    names = {record.id: record.name for record in existing}
    rows = {}
    for index, (outcome, organization) in enumerate(new_rows):
        fake_id = -(index + 1)  # rows not yet saved: ids no record has
        rows[fake_id] = outcome
        existing.append(dedupe.record_of(organization, fake_id))
    for pair in duplicates.find_organization_duplicates(existing, focus=set(rows)):
        new_id, old_id = (pair.a, pair.b) if pair.a < 0 else (pair.b, pair.a)
        if old_id < 0 or new_id >= 0:
            continue  # two rows of the file (or two records): not this question
        outcome = rows[new_id]
        if outcome.row in plan.duplicate_of:
            continue  # the best match comes first
        plan.duplicate_of[outcome.row] = {"id": old_id, "name": names[old_id], "score": pair.score}
        outcome.warnings.append(
            _(
                "probably the same as %(name)s, already in the directory (it will be created "
                "unless you choose to merge it into %(name)s)"
            )
            % {"name": names[old_id]}
        )
