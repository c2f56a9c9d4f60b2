"""Planning people: match each row to a person (e-mail, else name) and to their organization."""

from __future__ import annotations

from django.utils.translation import gettext as _

from allies.directory.importing.cleaning import Candidate
from allies.directory.importing.columns import PEOPLE
from allies.directory.importing.plan import PERSON, ImportPlan, chunks, fold, in_bulk
from allies.directory.models import Affiliation, Organization, Person


def plan_people(
    candidates: list[Candidate], library, *, filename: str, file_format: str
) -> ImportPlan:
    """Match each row to a person (e-mail, else name) and to the organization it names.

    An organization not yet in the directory is created; one named by several organizations is
    ambiguous and left for the librarian to link by hand.
    """
    plan = ImportPlan(PEOPLE, library, filename, file_format)
    plan.choosable = True
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    by_name_without_email: dict[str, int] = {}
    people = Person.objects.filter(library=library).order_by("id")
    for person_id, name, email in people.values_list("id", "name", "email"):
        if email:
            by_email.setdefault(email.casefold(), person_id)
        else:
            by_name_without_email.setdefault(fold(name), person_id)
        by_name.setdefault(fold(name), person_id)
    organizations: dict[str, list[int]] = {}
    for org_id, name in Organization.objects.filter(library=library).values_list("id", "name"):
        organizations.setdefault(fold(name), []).append(org_id)

    matches: dict[int, int] = {}
    seen: dict[object, int] = {}
    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        plan.outcomes.append(outcome)
        if outcome.errors:
            continue
        name = fold(candidate.values["name"])
        email = candidate.values.get("email", "").casefold()
        if email:
            person_id = by_email.get(email) or by_name_without_email.get(name)
        else:
            person_id = by_name.get(name)
        identity = (
            ("id", person_id) if person_id else (("email", email) if email else ("name", name))
        )
        if identity in seen:
            first = seen[identity]
            if candidate.organization:
                matches[index] = -first  # a further affiliation of the person on an earlier row
                continue
            outcome.action = "skipped"
            outcome.warnings.append(_("skipped: the same person as row %(row)s") % {"row": first})
            continue
        seen[identity] = outcome.row
        if person_id:
            matches[index] = person_id

    found = in_bulk(Person, [pid for pid in matches.values() if pid > 0])
    current: dict[tuple[int, int], Affiliation] = {}
    for chunk in chunks(sorted(found)):
        for affiliation in Affiliation.objects.current().filter(person_id__in=chunk):
            current.setdefault((affiliation.person_id, affiliation.organization_id), affiliation)
    named = {fold(c.organization) for c in candidates if c.organization}
    org_objects = in_bulk(
        Organization, [organizations[n][0] for n in named if len(organizations.get(n, [])) == 1]
    )
    new_orgs: dict[str, Organization] = {}
    by_row: dict[int, Person] = {}
    linked: set[tuple[int, object]] = set()

    for index, candidate in enumerate(candidates):
        outcome = candidate.outcome
        if outcome.errors or outcome.action == "skipped":
            continue
        too_long = _too_long(candidate)
        if too_long:
            outcome.errors.append(too_long)
            continue
        person_id = matches.get(index)
        changed: set[str] = set()
        if person_id is not None and person_id < 0:
            # The person of an earlier row again, with one more organization.
            person = by_row[-person_id]
            outcome.action = "unchanged"
        else:
            person = found.get(person_id) if person_id else None
            is_new = person is None
            if is_new:
                person = Person(library=library)
            for name, value in candidate.values.items():
                if getattr(person, name) != value:
                    if not is_new:
                        plan.note_change(
                            outcome.row, PERSON, person, name, getattr(person, name), value
                        )
                    setattr(person, name, value)
                    changed.add(name)
            if is_new:
                plan.new_people.append(person)
                outcome.action = "created"
            elif changed:
                plan.changed_people[person.pk] = (person, changed)
                outcome.action = "updated"
            else:
                outcome.action = "unchanged"
            by_row[outcome.row] = person
        if not candidate.organization:
            continue
        folded = fold(candidate.organization)
        ids = organizations.get(folded, [])
        if len(ids) > 1:
            outcome.warnings.append(
                _(
                    "%(count)s organizations are called '%(name)s', so this person was not linked "
                    "to one; link them by hand on their page"
                )
                % {"count": len(ids), "name": candidate.organization}
            )
            continue
        if ids:
            organization = org_objects[ids[0]]
        else:
            organization = new_orgs.get(folded)
            if organization is None:
                organization = Organization(
                    library=library, name=candidate.organization, source="import"
                )
                new_orgs[folded] = organization
                outcome.warnings.append(
                    _("the organization '%(name)s' is not in the directory yet and will be added")
                    % {"name": candidate.organization}
                )
        link = (id(person), id(organization))
        if link in linked:
            continue
        linked.add(link)
        existing = (
            current.get((person.pk, organization.pk)) if person.pk and organization.pk else None
        )
        if existing is None:
            plan.new_affiliations.append((person, organization, candidate.role))
            plan.other_updates.add((outcome.row, PERSON))
            if outcome.action == "unchanged":
                outcome.action = "updated"
        elif candidate.role and existing.role != candidate.role:
            existing.role = candidate.role
            plan.changed_affiliations.append(existing)
            plan.other_updates.add((outcome.row, PERSON))
            if outcome.action == "unchanged":
                outcome.action = "updated"
    plan.new_organizations = list(new_orgs.values())
    return plan


ROLE_LENGTH = Affiliation._meta.get_field("role").max_length
ORGANIZATION_NAME_LENGTH = Organization._meta.get_field("name").max_length


def _too_long(candidate) -> str:
    """A role or organization name longer than Allies keeps: refused with the reason, never cut."""
    for text, limit, label in (
        (candidate.role, ROLE_LENGTH, _("The role")),
        (candidate.organization, ORGANIZATION_NAME_LENGTH, _("The organization's name")),
    ):
        if text and len(text) > limit:
            return _(
                "%(what)s has %(count)s characters; Allies keeps at most %(limit)s. Shorten it "
                "in the file (nothing was cut)."
            ) % {"what": label, "count": len(text), "limit": limit}
    return ""
