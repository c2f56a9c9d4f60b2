"""Who may change what through the API: every operation states its role with `@api_access`
(tests/test_roles.py fails on one that states none). Here, the roles of the operations that change
something are pinned: a volunteer's token logs contacts and nothing else, so a new changing
operation, or a role changed by mistake, fails until this list says so. What each role lets through
is walked operation by operation in tests/api/test_access.py."""

from allies.libraries.access import MEMBERS, STAFF
from tests.test_roles import api_operations

EXPECTED = {
    "connections.record_connection": STAFF,
    "connections.share_connection": STAFF,
    "directory.create_organization": STAFF,
    "directory.update_organization": STAFF,
    "directory.create_person": STAFF,
    "directory.update_person": STAFF,
    "directory.create_audience": STAFF,
    "directory.create_resource": STAFF,
    "goals.create_goal": STAFF,
    "partnerships.create_partnership": STAFF,
    "partnerships.move_stage": STAFF,
    "partnerships.create_commitment": STAFF,
    "partnerships.commitment_kept": STAFF,
    "partnerships.commitment_missed": STAFF,
    # A volunteer logs contacts: a read-write token of any member.
    "stewardship.log_contact": MEMBERS,
    "stewardship.reminder_done": STAFF,
    "stewardship.reminder_snooze": STAFF,
}


def test_every_changing_operation_has_the_role_it_should():
    changing = {
        name: getattr(view, "allies_role", None)
        for method, _address, name, view in api_operations()
        if method != "GET"
    }
    assert changing == EXPECTED


def test_every_reading_operation_is_open_to_every_member():
    reading = {
        name: getattr(view, "allies_role", None)
        for method, _address, name, view in api_operations()
        if method == "GET"
    }
    assert len(reading) > 20
    assert set(reading.values()) == {MEMBERS}
