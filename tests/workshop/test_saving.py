"""Saving a participant's worksheets into one of their libraries: exactly the expected records, in
the chosen library only, never twice, and never where they may not add records."""

import pytest
from django.test import Client

from allies.connections.models import Connection
from allies.directory.models import Organization, Person
from allies.libraries.models import Membership
from allies.partnerships.models import Commitment, Partnership, Stage
from allies.planning.models import ActionPlan, ItemKind, PlanItem
from allies.workshop.models import Contribution
from tests.workshop.helpers import participant_client, running_workshop

TREE = {
    "partner": "Copperline Networks",
    "share": False,
    "people": [
        {"name": "Aunt May", "how": "family", "through": ""},
        {"name": "Joe Fibre", "how": "friend", "through": "Aunt May"},
    ],
}
PLAN = {
    "partners_who_could_help": "The foundation, for its digital grants",
    "opportunities": [
        {"partner": "three rivers foundation", "why": "Spring grant round", "due_on": ""},
        {"partner": "Copperline Networks", "why": "", "due_on": "2027-01-15"},
    ],
    "for_partners": [
        {
            "partner": "Riverton Rotary Club",
            "what": "Thank them at the fair",
            "due_on": "2026-12-01",
        },
    ],
}


@pytest.fixture
def workshop(library, owner):
    return running_workshop(library, owner, part="closing")


@pytest.fixture
def staff_browser(workshop, staff, library, other_library):
    """Sam (staff here, volunteer in the other library) filled a tree and a plan, signed in."""
    Membership.objects.create(user=staff, library=other_library, role="volunteer")
    browser = Client()
    browser.force_login(staff)
    participant, browser = participant_client(workshop, browser, user=staff)
    for key, data in (("connection_tree", TREE), ("planning", PLAN)):
        Contribution.objects.create(
            workshop=workshop, participant=participant, activity=key, data=data
        )
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Partnership.objects.create(library=library, organization=rotary, stage=Stage.ACTIVE)
    Organization.objects.create(library=library, name="Three Rivers Foundation")
    return browser


def counts():
    return {
        "organizations": Organization.objects.count(),
        "partnerships": Partnership.objects.count(),
        "people": Person.objects.count(),
        "connections": Connection.objects.count(),
        "items": PlanItem.objects.count(),
        "commitments": Commitment.objects.count(),
    }


def test_preview_lists_what_will_be_created_and_creates_nothing(workshop, staff_browser):
    before = counts()
    response = staff_browser.get(f"/w/{workshop.join_code}/save/?library=riverton")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.organizations == ["Copperline Networks"]
    assert preview.partnerships == ["Copperline Networks", "Three Rivers Foundation"]
    assert preview.people == ["Aunt May", "Joe Fibre"]
    assert len(preview.connections) == 2
    assert len(preview.plan_items) == 3
    assert counts() == before


def test_saving_creates_exactly_the_expected_records_once(workshop, staff_browser, staff, library):
    response = staff_browser.post(f"/w/{workshop.join_code}/save/", {"library": "riverton"})
    assert response.status_code == 302
    copperline = Organization.objects.get(library=library, name="Copperline Networks")
    foundation = Organization.objects.get(library=library, name="Three Rivers Foundation")
    assert Organization.objects.filter(name__iexact="three rivers foundation").count() == 1
    prospects = Partnership.objects.filter(library=library, stage=Stage.PROSPECT)
    assert {p.organization for p in prospects} == {copperline, foundation}
    assert Partnership.objects.filter(organization__name="Riverton Rotary Club").count() == 1
    me = Person.objects.get(library=library, user=staff)
    may = Person.objects.get(library=library, name="Aunt May")
    joe = Person.objects.get(library=library, name="Joe Fibre")
    pairs = {
        (frozenset((c.person_a_id, c.person_b_id)), c.kind, c.shared, c.worksheet_id)
        for c in Connection.objects.filter(recorded_by=staff)
    }
    assert pairs == {
        (frozenset((me.pk, may.pk)), "family", False, copperline.pk),
        (frozenset((may.pk, joe.pk)), "friend", False, copperline.pk),
    }
    plan = ActionPlan.objects.get(library=library, member=staff)
    assert plan.partners_who_could_help == "The foundation, for its digital grants"
    items = {(i.kind, i.partnership.organization.name, i.what) for i in plan.items.all()}
    assert items == {
        (ItemKind.OPPORTUNITY, "Three Rivers Foundation", "Spring grant round"),
        (
            ItemKind.OPPORTUNITY,
            "Copperline Networks",
            "Explore a partnership with Copperline Networks",
        ),
        (ItemKind.FOR_PARTNER, "Riverton Rotary Club", "Thank them at the fair"),
    }
    commitment = Commitment.objects.get()
    assert (commitment.what, str(commitment.due_on), commitment.owed_by) == (
        "Thank them at the fair",
        "2026-12-01",
        "library",
    )
    after_first = counts()
    staff_browser.post(f"/w/{workshop.join_code}/save/", {"library": "riverton"})
    assert counts() == after_first
    plan.refresh_from_db()
    assert plan.partners_who_could_help == "The foundation, for its digital grants"
    response = staff_browser.get(f"/w/{workshop.join_code}/save/?library=riverton")
    assert response.context["preview"].nothing


def test_nothing_saved_in_a_library_where_they_are_a_volunteer(workshop, staff_browser):
    before = counts()
    response = staff_browser.post(f"/w/{workshop.join_code}/save/", {"library": "elsewhere"})
    assert response.status_code == 200  # shown the choice again
    assert [lib.slug for lib in response.context["libraries"]] == ["riverton"]
    assert response.context["chosen"] is None
    assert counts() == before


def test_saving_stays_in_the_chosen_library(workshop, staff_browser, staff, other_library):
    Membership.objects.filter(user=staff, library=other_library).update(role="staff")
    staff_browser.post(f"/w/{workshop.join_code}/save/", {"library": "elsewhere"})
    names = set(Organization.objects.filter(library=other_library).values_list("name", flat=True))
    assert names == {"Copperline Networks", "three rivers foundation", "Riverton Rotary Club"}
    assert not Organization.objects.filter(library__slug="riverton", name="Copperline Networks")
    assert Connection.objects.filter(library=other_library).count() == 2
    assert not Connection.objects.filter(library__slug="riverton").exists()


def test_saving_needs_signing_in(workshop):
    participant, browser = participant_client(workshop)
    response = browser.get(f"/w/{workshop.join_code}/save/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
