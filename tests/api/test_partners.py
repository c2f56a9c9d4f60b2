"""Partnerships, commitments, contacts, reminders, goals and the dashboard through the API: each
does what its page does, through the same functions."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import (
    Commitment,
    LogEntry,
    Partnership,
    Refusal,
    Stage,
    StageChange,
)
from allies.stewardship.models import Contact, ReminderDecision
from tests.api.conftest import body
from tests.partnerships.test_one_way_to_open import started_meanwhile

TODAY = timezone.localdate()


@pytest.fixture
def rotary(library):
    return Organization.objects.create(library=library, name="Riverton Rotary Club")


@pytest.fixture
def partnership(library, rotary, staff):
    partnership = Partnership(library=library, organization=rotary, lead=staff)
    partnership.start(by=staff)
    return partnership


def test_opening_a_partnership_keeps_its_first_stage_change(staff_api, staff, rotary):
    response = staff_api.post("/partnerships", {"organization": rotary.pk, "stage": "exploring"})
    assert response.status_code == 201
    change = StageChange.objects.get(partnership_id=body(response)["id"])
    assert (change.to_stage, change.changed_by) == (Stage.EXPLORING, staff)
    again = staff_api.post("/partnerships", {"organization": rotary.pk})
    assert again.status_code == 409 and "already has a partnership" in body(again)["detail"]


def test_opening_one_started_meanwhile_is_409_and_keeps_theirs(
    monkeypatch, staff_api, library, owner, rotary
):
    started_meanwhile(monkeypatch, library, rotary, owner)
    response = staff_api.post("/partnerships", {"organization": rotary.pk, "stage": "exploring"})
    assert response.status_code == 409
    assert body(response)["detail"] == (
        "This organization already has a partnership with the library."
    )
    theirs = Partnership.objects.get(organization=rotary)
    assert theirs.stage == Stage.ACTIVE
    assert StageChange.objects.filter(partnership=theirs).count() == 1


def test_opening_one_beside_an_archived_one_starts_a_new_one(staff_api, library, staff, rotary):
    old, _created = Partnership.objects.find_or_start(library, rotary, by=staff)
    old.archive()
    response = staff_api.post("/partnerships", {"organization": rotary.pk})
    assert response.status_code == 201 and body(response)["id"] != old.pk
    assert Partnership.objects.current(library, rotary).pk == body(response)["id"]


def test_a_partnership_cannot_open_declined_or_for_another_librarys_organization(
    staff_api, other_library
):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Chamber")
    response = staff_api.post("/partnerships", {"organization": theirs.pk})
    assert response.status_code == 400
    assert body(response)["errors"][0]["field"] == "organization"
    assert (
        staff_api.post(
            "/partnerships", {"organization": theirs.pk, "stage": "declined"}
        ).status_code
        == 400
    )


def test_declined_needs_a_reason_lessons_and_a_date_to_try_again(staff_api, staff, partnership):
    path = f"/partnerships/{partnership.pk}/stage"
    response = staff_api.post(path, {"stage": "declined"})
    assert response.status_code == 400
    assert {e["field"] for e in body(response)["errors"]} == {
        "decline_reason",
        "lessons",
        "try_again_on",
    }
    later = (TODAY + datetime.timedelta(days=180)).isoformat()
    response = staff_api.post(
        path,
        {
            "stage": "declined",
            "decline_reason": "timing",
            "lessons": "Ask after the budget season",
            "try_again_on": later,
        },
    )
    assert response.status_code == 201
    answer = body(response)
    assert (answer["from_stage"], answer["to_stage"]) == ("prospect", "declined")
    assert answer["partnership"]["try_again_on"] == later
    refusal = Refusal.objects.get()
    assert (refusal.reason, refusal.recorded_by) == ("timing", staff)


def test_ended_needs_why(staff_api, partnership):
    response = staff_api.post(
        f"/partnerships/{partnership.pk}/stage", {"stage": "ended", "lessons": "Plan the end"}
    )
    assert response.status_code == 400 and body(response)["errors"][0]["field"] == "reason"


def test_an_archived_partnership_is_changed_nowhere(staff_api, partnership):
    partnership.archive()
    for path, payload in [
        (f"/partnerships/{partnership.pk}/stage", {"stage": "exploring"}),
        (
            f"/partnerships/{partnership.pk}/commitments",
            {"owed_by": "library", "what": "X", "due_on": TODAY.isoformat()},
        ),
    ]:
        response = staff_api.post(path, payload)
        assert response.status_code == 409 and "archived" in body(response)["detail"]
    listed = body(staff_api.get("/partnerships", {"archived": "true"}))["items"]
    assert [item["id"] for item in listed] == [partnership.pk] and listed[0]["archived"]


def test_partnerships_list_in_pipeline_order_with_filters(staff_api, library, staff, partnership):
    other = Organization.objects.create(library=library, name="Aardvark Arts")
    Partnership(library=library, organization=other, stage=Stage.ACTIVE).start(by=staff)
    names = [i["organization_name"] for i in body(staff_api.get("/partnerships"))["items"]]
    assert names == ["Riverton Rotary Club", "Aardvark Arts"]  # prospect before active
    mine = body(staff_api.get("/partnerships", {"lead": "me"}))["items"]
    assert [i["id"] for i in mine] == [partnership.pk]
    one_page = body(staff_api.get("/partnerships", {"limit": 1}))
    rest = body(staff_api.get("/partnerships", {"limit": 1, "cursor": one_page["next_cursor"]}))
    assert [i["organization_name"] for i in rest["items"]] == ["Aardvark Arts"]


def test_commitments_are_recorded_kept_and_missed_on_the_timeline(staff_api, partnership):
    due = (TODAY - datetime.timedelta(days=2)).isoformat()
    response = staff_api.post(
        f"/partnerships/{partnership.pk}/commitments",
        {"owed_by": "partner", "what": "Lend 20 chairs", "due_on": due},
    )
    assert response.status_code == 201
    commitment_id = body(response)["id"]
    kept = staff_api.post(f"/commitments/{commitment_id}/kept", {})
    assert body(kept)["status"] == "kept" and body(kept)["done_on"] == TODAY.isoformat()
    summaries = list(LogEntry.objects.values_list("summary", flat=True))
    assert any("kept “Lend 20 chairs”, late" in s for s in summaries)
    future = staff_api.post(f"/commitments/{commitment_id}/kept", {"done_on": "2999-01-01"})
    assert future.status_code == 400
    missed = staff_api.post(f"/commitments/{commitment_id}/missed")
    assert body(missed)["status"] == "missed" and body(missed)["done_on"] is None
    assert [
        i["id"] for i in body(staff_api.get("/commitments", {"status": "missed"}))["items"]
    ] == [commitment_id]


def test_a_volunteer_logs_a_contact_and_the_form_rules_apply(volunteer_api, volunteer, partnership):
    response = volunteer_api.post(
        "/contacts", {"partnership": partnership.pk, "kind": "support", "note": "Spoke up"}
    )
    assert response.status_code == 400 and body(response)["errors"][0]["field"] == "support_kind"
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = volunteer_api.post(
        "/contacts", {"partnership": partnership.pk, "kind": "call", "happened_on": tomorrow}
    )
    assert response.status_code == 400 and body(response)["errors"][0]["field"] == "happened_on"
    response = volunteer_api.post(
        "/contacts",
        {"partnership": partnership.pk, "kind": "support", "support_kind": "budget_meeting"},
    )
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert contact.logged_by == volunteer and contact.happened_on == TODAY
    note = volunteer_api.post(
        "/contacts", {"partnership": partnership.pk, "kind": "call", "note": "x" * 5001}
    )
    assert note.status_code == 400 and body(note)["errors"][0]["field"] == "note"


def test_reminders_are_listed_marked_done_and_snoozed(staff_api, staff, partnership):
    day = TODAY + datetime.timedelta(days=2)
    first, second = (
        Commitment.objects.create(
            library=partnership.library,
            partnership=partnership,
            owed_by=owed_by,
            what=what,
            due_on=day,
        )
        for owed_by, what in (("partner", "Send the flyer"), ("library", "Book the room"))
    )
    listed = body(staff_api.get("/reminders", {"kind": "commitment"}))["items"]
    keys = {item["key"] for item in listed}
    assert keys == {f"commitment:{first.pk}:{day}", f"commitment:{second.pk}:{day}"}
    assert all(item["assignee_id"] == staff.pk for item in listed)
    done = staff_api.post(f"/reminders/commitment:{first.pk}:{day}/done")
    assert done.status_code == 200 and body(done)["contact_id"] is not None
    assert Contact.objects.get().kind == "call"
    snoozed = staff_api.post(f"/reminders/commitment:{second.pk}:{day}/snooze", {})
    assert body(snoozed)["snoozed_until"] == (TODAY + datetime.timedelta(days=7)).isoformat()
    assert body(staff_api.get("/reminders"))["items"] == []
    gone = staff_api.post(f"/reminders/commitment:{first.pk}:{day}/done")
    assert gone.status_code == 404 and "no longer waiting" in body(gone)["detail"]
    too_far = staff_api.post(
        f"/reminders/commitment:{second.pk}:{day}/snooze", {"until": "2999-01-01"}
    )
    assert too_far.status_code == 404  # already snoozed: no longer waiting
    assert ReminderDecision.objects.count() == 2
    assert staff_api.get("/reminders", {"person": "somebody"}).status_code == 400


def test_goals_and_their_ranking_with_reasons(staff_api, library, rotary):
    from allies.directory.models import Audience

    teens = Audience.objects.get(library=library, slug="teens")
    rotary.audiences.add(teens)
    response = staff_api.post(
        "/goals", {"statement": "A teen space", "primary_audiences": [teens.pk]}
    )
    assert response.status_code == 201
    goal_id = body(response)["id"]
    assert body(staff_api.get(f"/goals/{goal_id}"))["primary_audiences"] == [teens.pk]
    ranking = body(staff_api.get(f"/goals/{goal_id}/ranking"))
    top = ranking["items"][0]
    assert top["organization_id"] == rotary.pk and ranking["total"] == 1
    assert any("Teens" in reason["text"] for reason in top["reasons"])
    # Only one kind of organization, as the ranking page's filter; a bad kind says what to give.
    from allies.directory.models import Organization

    trust = Organization.objects.create(library=library, name="Hill Housing Trust", ntee_code="L21")
    inside = body(staff_api.get(f"/goals/{goal_id}/ranking", {"kind": "l"}))
    assert [item["organization_id"] for item in inside["items"]] == [trust.pk]
    assert inside["total"] == 1
    refused = staff_api.get(f"/goals/{goal_id}/ranking", {"kind": "L2X"})
    assert refused.status_code == 400
    assert "NTEE major group" in refused.content.decode()


def test_a_goal_remembers_its_kinds_and_its_ranking_looks_among_them(staff_api, library, rotary):
    from allies.directory.models import Organization

    trust = Organization.objects.create(library=library, name="Hill Housing Trust", ntee_code="L21")
    created = staff_api.post("/goals", {"statement": "Homes for all", "kinds": ["l", "L21", "L"]})
    assert created.status_code == 201
    goal = body(created)
    assert goal["kinds"] == ["L", "L21"]  # normalized, each once
    assert body(staff_api.get(f"/goals/{goal['id']}"))["kinds"] == ["L", "L21"]
    ranking = body(staff_api.get(f"/goals/{goal['id']}/ranking"))
    assert [item["organization_id"] for item in ranking["items"]] == [trust.pk]
    every = body(staff_api.get(f"/goals/{goal['id']}/ranking", {"any_kind": "true"}))
    assert {item["organization_id"] for item in every["items"]} == {trust.pk, rotary.pk}
    # A cursor of one view does not page the other.
    first = body(staff_api.get(f"/goals/{goal['id']}/ranking", {"any_kind": "true", "limit": 1}))
    refused = staff_api.get(f"/goals/{goal['id']}/ranking", {"cursor": first["next_cursor"]})
    assert refused.status_code == 400
    # A kind that is not one, or too many of them: nothing saved, the field named.
    count = len(body(staff_api.get("/goals"))["items"])
    for kinds in (["L2X"], ["A"] * 21, "L"):
        response = staff_api.post("/goals", {"statement": "Homes", "kinds": kinds})
        assert response.status_code == 400 and "kinds" in response.content.decode()
    assert len(body(staff_api.get("/goals"))["items"]) == count


def test_a_ranking_keeps_to_the_names_asked_for(staff_api, library, rotary):
    from allies.directory.models import Organization

    legion = Organization.objects.create(library=library, name="American Legion Post 12")
    goal = body(staff_api.post("/goals", {"statement": "Job search help for veterans"}))
    url = f"/goals/{goal['id']}/ranking"
    ranking = body(staff_api.get(url, {"name": "LEGION, nobody"}))
    assert [item["organization_id"] for item in ranking["items"]] == [legion.pk]
    assert ranking["total"] == 1
    both = body(staff_api.get(url, {"name": "legion, rotary"}))
    assert {item["organization_id"] for item in both["items"]} == {legion.pk, rotary.pk}
    # A cursor of one view does not page another.
    first = body(staff_api.get(url, {"name": "legion, rotary", "limit": 1}))
    refused = staff_api.get(url, {"name": "legion", "cursor": first["next_cursor"]})
    assert refused.status_code == 400
    refused = staff_api.get(url, {"name": ",".join(f"w{n}" for n in range(11))})
    assert refused.status_code == 400
    assert "at most 10 alternatives" in refused.content.decode()
    # A goal that remembers words of names ranks among them unless told otherwise.
    created = body(staff_api.post("/goals", {"statement": "Jobs", "names": "Legion, legion"}))
    assert created["names"] == "legion"
    url = f"/goals/{created['id']}/ranking"
    assert [item["organization_id"] for item in body(staff_api.get(url))["items"]] == [legion.pk]
    assert body(staff_api.get(url, {"name": ""}))["total"] == 2
    for names in (
        ",".join(f"w{n}" for n in range(11)),
        "x" * 301,
        ",".join(f"{n}" * 29 for n in range(10)),  # 299 as typed, 308 with ", " between
    ):
        response = staff_api.post("/goals", {"statement": "Jobs", "names": names})
        assert response.status_code == 400 and "names" in response.content.decode()


def test_a_ranking_says_the_kinds_among_its_best_candidates(staff_api, library, rotary):
    from allies.directory.models import Organization

    for name in ("Hill Housing Trust", "Valley Housing Trust"):
        Organization.objects.create(library=library, name=name, ntee_code="L21")
    Organization.objects.create(library=library, name="Hill Elementary PTO", ntee_code="B94")
    goal = body(staff_api.post("/goals", {"statement": "Homes for all families"}))
    # On every page of the ranking, from the best 50 of the whole ranking.
    ranking = body(staff_api.get(f"/goals/{goal['id']}/ranking", {"limit": 1}))
    assert len(ranking["items"]) == 1
    assert ranking["kinds_among_best"] == [
        {"kind": "L", "label": "All of Housing & Shelter", "count": 2},
        {"kind": "L21", "label": "L21 Low-Income & Subsidized Rental Housing", "count": 2},
    ]
    # Not the kind ranked among already, nor one of everyone inside it.
    inside = body(staff_api.get(f"/goals/{goal['id']}/ranking", {"kind": "L"}))
    assert inside["kinds_among_best"] == []


def test_the_dashboard_gives_the_reports_figures(staff_api, partnership):
    answer = body(staff_api.get("/dashboard", {"year": str(TODAY.year)}))
    stages = next(table for table in answer["tables"] if table["key"] == "stages")
    assert ["Prospect", 1] in stages["rows"]
    assert answer["period"]["since"] == f"{TODAY.year}-01-01"
    response = staff_api.get("/dashboard", {"since": "2026-05-01", "until": "2026-01-01"})
    assert response.status_code == 400 and "comes after" in body(response)["detail"]
