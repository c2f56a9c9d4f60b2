"""The history panel says what a change was in words, including whom a foreign key points to."""

import pytest

from allies.core.history import history_entries
from allies.directory.models import Organization
from allies.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_a_changed_lead_shows_both_names_not_ids(library, staff, owner):
    organization = Organization.objects.create(library=library, name="Hearth Club")
    partnership = Partnership.objects.create(library=library, organization=organization, lead=staff)
    partnership.lead = owner
    partnership.save()

    [change] = [
        c for c in history_entries(partnership)[0]["changes"] if c["field"] == "lead staff member"
    ]

    assert (change["old"], change["new"]) == (str(staff), str(owner))
    assert str(staff) != str(staff.pk)


def test_a_lead_who_was_deleted_is_said_to_be_removed(library, staff, owner):
    organization = Organization.objects.create(library=library, name="Hearth Club")
    partnership = Partnership.objects.create(library=library, organization=organization, lead=staff)
    partnership.lead = owner
    partnership.save()
    owner_name = str(owner)
    partnership.lead = None
    partnership.save()
    owner.delete()

    changes = [c for entry in history_entries(partnership) for c in entry["changes"]]
    assert {"field": "lead staff member", "old": "(removed)", "new": ""} in changes
    assert owner_name not in {c["old"] for c in changes} | {c["new"] for c in changes}
