"""Saving a participant's worksheets into one of their libraries.

The connection tree becomes directory people and the participant's own connections (private to them,
as every new connection is); the tree's partner and the planning's opportunities become organizations
(found by name, whatever the case, else created) with a prospect partnership unless the library already
has one; the planning answers become the member's own action plan and its items. Saving again finds
what the first save made and adds nothing twice.

The preview is the same save run inside a transaction that is rolled back, so what it announces is
exactly what saving will do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.connections.models import Connection, Kind
from allies.connections.people import person_for
from allies.directory.models import Organization, Person
from allies.libraries.models import Role
from allies.partnerships.models import Partnership, log
from allies.planning import workbook
from allies.planning.models import ItemKind, PlanItem
from allies.workshop.access import participant_view
from allies.workshop.activity_data import own_answer

# A thing to do for a partner is a promise with a date; without one written, a month from saving.
DEFAULT_DAYS = 30


@dataclass
class Saved:
    """What one save created (or would create, in the preview)."""

    people: list[str] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)
    plan_items: list[str] = field(default_factory=list)
    plan_text: bool = False

    @property
    def nothing(self) -> bool:
        return not (
            self.people
            or self.connections
            or self.organizations
            or self.partnerships
            or self.plan_items
            or self.plan_text
        )


def editable_libraries(user):
    """The libraries where this person may add records (owner or staff, not volunteer)."""
    return [
        membership.library
        for membership in user.memberships.select_related("library").filter(
            role__in=[Role.OWNER, Role.STAFF]
        )
    ]


@transaction.atomic
def save_worksheets(participant, library, user, workshop_title: str = "") -> Saved:
    saved = Saved()
    context = _Context(library=library, user=user, saved=saved, title=workshop_title)
    _save_tree(context, own_answer(participant, "connection_tree"))
    _save_plan(context, own_answer(participant, "planning"))
    return saved


def preview(participant, library, user, workshop_title: str = "") -> Saved:
    """What saving would create, without keeping any of it."""
    with transaction.atomic():
        saved = save_worksheets(participant, library, user, workshop_title)
        transaction.set_rollback(True)
    return saved


@dataclass
class _Context:
    library: object
    user: object
    saved: Saved
    title: str
    plan: object = None

    def organization(self, name: str) -> Organization:
        found = (
            Organization.objects.filter(library=self.library, name__iexact=name)
            .order_by("id")
            .first()
        )
        if found is None:
            found = Organization.objects.create(library=self.library, name=name, source="workshop")
            self.saved.organizations.append(name)
        return found

    def partnership(self, organization: Organization) -> Partnership:
        """The library's partnership with the organization, a new prospect when there is none."""
        partnership = Partnership.objects.current(self.library, organization)
        if partnership is None:
            if self.plan is None:
                self.plan = workbook.plan_for_member(self.library, self.user)
            partnership = workbook.start_prospect(
                self.library, organization, by=self.user, plan=self.plan
            )
            log(
                partnership,
                _("Named in the workshop “%(title)s”") % {"title": self.title},
                by=self.user,
            )
            self.saved.partnerships.append(organization.name)
        return partnership

    def person(self, name: str) -> Person:
        found = (
            Person.objects.filter(library=self.library, name__iexact=name).order_by("id").first()
        )
        if found is None:
            found = Person.objects.create(library=self.library, name=name)
            self.saved.people.append(name)
        return found


def _save_tree(context: _Context, tree: dict) -> None:
    if not tree.get("partner"):
        return
    target = context.organization(tree["partner"])
    context.partnership(target)
    me = person_for(context.user, context.library)
    people = {p["name"].casefold(): context.person(p["name"]) for p in tree.get("people", [])}
    for entry in tree.get("people", []):
        person = people[entry["name"].casefold()]
        through = people.get((entry.get("through") or "").casefold(), me)
        kind = entry.get("how") if entry.get("how") in Kind.values else Kind.OTHER
        exists = Connection.objects.filter(
            library=context.library,
            person_a_id=min(person.pk, through.pk),
            person_b_id=max(person.pk, through.pk),
            recorded_by=context.user,
        ).exists()
        if exists:
            continue
        try:
            Connection.record(
                library=context.library,
                one=through,
                other=person,
                recorded_by=context.user,
                kind=kind,
                worksheet=target,
            )
        except ValidationError:  # someone wrote their own name on their tree
            continue
        context.saved.connections.append(f"{through.name} – {person.name}")


def _save_plan(context: _Context, planning: dict) -> None:
    if not planning:
        return
    plan = context.plan = context.plan or workbook.plan_for_member(context.library, context.user)
    text = planning.get("partners_who_could_help", "")
    if text and text not in plan.partners_who_could_help:
        plan.partners_who_could_help = "\n\n".join(
            part for part in (plan.partners_who_could_help.strip(), text) if part
        )
        plan.save(update_fields=["partners_who_could_help", "updated_at"])
        context.saved.plan_text = True
    for row in planning.get("opportunities", []):
        partnership = context.partnership(context.organization(row["partner"]))
        what = row.get("why") or _("Explore a partnership with %(name)s") % {"name": row["partner"]}
        _add_item(context, plan, ItemKind.OPPORTUNITY, partnership, what, row.get("due_on"))
    for row in planning.get("for_partners", []):
        if not row.get("what"):
            continue
        partnership = context.partnership(context.organization(row["partner"]))
        due_on = (
            row.get("due_on")
            or (timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)).isoformat()
        )
        _add_item(context, plan, ItemKind.FOR_PARTNER, partnership, row["what"], due_on)


def _add_item(context, plan, kind, partnership, what: str, due_on: str | None) -> None:
    what = what[:300]
    if PlanItem.objects.filter(
        plan=plan, kind=kind, partnership=partnership, what__iexact=what
    ).exists():
        return
    workbook.add_item(
        plan,
        kind=kind,
        partnership=partnership,
        by=context.user,
        what=what,
        due_on=datetime.date.fromisoformat(due_on) if due_on else None,
    )
    context.saved.plan_items.append(f"{partnership.organization.name}: {what}")


@participant_view
def save(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    workshop, participant = request.workshop, request.participant
    libraries = editable_libraries(request.user)
    chosen = request.POST.get("library") or request.GET.get("library") or ""
    if not chosen and len(libraries) == 1:
        chosen = libraries[0].slug
    library = next((lib for lib in libraries if lib.slug == chosen), None)
    if request.method == "POST" and library is not None:
        saved = save_worksheets(participant, library, request.user, workshop.title)
        if participant.user_id is None:
            participant.user = request.user
            participant.save(update_fields=["user"])
        if saved.nothing:
            messages.info(
                request,
                _("Everything was already saved in %(library)s.") % {"library": library.name},
            )
        else:
            messages.success(
                request, _("Your worksheets are saved in %(library)s.") % {"library": library.name}
            )
        return redirect("join:worksheets", code=workshop.join_code)
    return render(
        request,
        "workshop/worksheets_save.html",
        {
            "workshop": workshop,
            "participant": participant,
            "libraries": libraries,
            "chosen": library,
            "preview": preview(participant, library, request.user, workshop.title)
            if library
            else None,
        },
    )
