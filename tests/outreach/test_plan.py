"""The approach plan: drafting it from the method, editing it, ticking its steps off."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.libraries.models import Membership
from allies.outreach.models import ApproachStep, StepKind
from allies.partnerships.models import LogEntry, Partnership, Stage


@pytest.fixture
def partnership(library, staff):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    return Partnership.objects.create(library=library, organization=organization, lead=staff)


def url(name, partnership, *args):
    return reverse(f"outreach:{name}", args=["riverton", partnership.pk, *args])


def detail(partnership):
    return reverse("partnerships:detail", args=["riverton", partnership.pk])


def draft(client, partnership):
    return client.post(url("plan_draft", partnership))


def steps_of(partnership):
    return list(ApproachStep.objects.filter(partnership=partnership).order_by("position"))


def formset_data(steps, **changes):
    """The plan page's POST for `steps` as they are, plus one empty row, with `changes` on top."""
    data = {
        "steps-TOTAL_FORMS": str(len(steps) + 1),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "30",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": str(step.pk),
                f"steps-{i}-title": step.title,
                f"steps-{i}-kind": step.kind,
                f"steps-{i}-owner": str(step.owner_id or ""),
                f"steps-{i}-due_on": step.due_on.isoformat() if step.due_on else "",
                f"steps-{i}-note": step.note,
            }
        )
    new = len(steps)
    data.update(
        {
            f"steps-{new}-title": "",
            f"steps-{new}-kind": "other",
            f"steps-{new}-owner": "",
            f"steps-{new}-due_on": "",
            f"steps-{new}-note": "",
        }
    )
    data.update(changes)
    return data


# Drafting


def test_drafting_writes_the_four_steps_of_the_method(staff_client, partnership, staff):
    page = staff_client.get(detail(partnership)).content.decode()
    assert "Draft an approach plan" in page
    response = draft(staff_client, partnership)
    assert response.status_code == 302
    assert response.url == url("plan", partnership)
    steps = steps_of(partnership)
    day = timezone.localdate()
    assert [s.kind for s in steps] == [
        StepKind.LEARN,
        StepKind.CONVERSATION,
        StepKind.INVITE,
        StepKind.PROPOSE,
    ]
    assert [(s.due_on - day).days for s in steps] == [7, 21, 35, 56]
    assert all(s.owner == staff for s in steps)
    assert all("Riverton Rotary Club" in s.title for s in steps)
    assert all(s.library_id == partnership.library_id and not s.is_done for s in steps)
    assert "listen more than you pitch" in steps[1].note.lower()
    page = staff_client.get(detail(partnership)).content.decode()
    assert "Approach plan drafted: 4 steps" in page
    assert "Mark done" in page and "Edit the plan" in page
    assert "Draft an approach plan" not in page


def test_the_drafter_owns_the_steps_when_there_is_no_lead(owner_client, partnership, owner):
    Partnership.objects.filter(pk=partnership.pk).update(lead=None)
    draft(owner_client, partnership)
    assert {s.owner for s in steps_of(partnership)} == {owner}


def test_a_lead_who_left_the_library_does_not_own_the_steps(
    owner_client, partnership, owner, staff
):
    Membership.objects.filter(user=staff).delete()
    draft(owner_client, partnership)
    assert {s.owner for s in steps_of(partnership)} == {owner}


def test_the_draft_page_shows_the_steps_before_writing_them(staff_client, partnership):
    response = staff_client.get(url("plan_draft", partnership))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Learn about Riverton Rotary Club" in text
    assert "Sam Staff" in text
    assert not ApproachStep.objects.exists()


def test_no_second_plan_on_top_of_the_first(staff_client, partnership):
    draft(staff_client, partnership)
    response = draft(staff_client, partnership)
    assert response.status_code == 400
    assert "already has a plan" in response.content.decode()
    assert len(steps_of(partnership)) == 4
    assert LogEntry.objects.filter(partnership=partnership).count() == 1


def test_any_open_partnership_may_have_a_plan_but_not_a_closed_one(staff_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(stage=Stage.ACTIVE)
    page = staff_client.get(detail(partnership)).content.decode()
    assert "helps most while you are still approaching" in page
    assert draft(staff_client, partnership).status_code == 302
    closed = Partnership.objects.create(
        library=partnership.library,
        organization=Organization.objects.create(library=partnership.library, name="Old Mill"),
        stage=Stage.ENDED,
    )
    assert "Draft an approach plan" not in staff_client.get(detail(closed)).content.decode()
    assert draft(staff_client, closed).status_code == 400
    assert not steps_of(closed)


def test_an_archived_partnership_gets_no_plan(staff_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(archived_at=timezone.now())
    response = draft(staff_client, partnership)
    assert response.status_code == 302
    assert not steps_of(partnership)


# Ticking steps off


def test_ticking_a_step_done_and_back_writes_the_timeline(staff_client, partnership, staff):
    draft(staff_client, partnership)
    first = steps_of(partnership)[0]
    response = staff_client.post(
        url("step_done", partnership, first.pk), {"note": "Went to their pancake breakfast."}
    )
    assert response.status_code == 302 and response.url == detail(partnership)
    first.refresh_from_db()
    assert first.done_on == timezone.localdate() and first.done_by == staff
    page = staff_client.get(detail(partnership)).content.decode()
    assert "Step done: Learn about Riverton Rotary Club" in page
    assert "Went to their pancake breakfast." in page
    assert "Not done after all" in page

    staff_client.post(url("step_reopen", partnership, first.pk))
    first.refresh_from_db()
    assert first.done_on is None and first.done_by is None
    page = staff_client.get(detail(partnership)).content.decode()
    assert "Step not done after all: Learn about Riverton Rotary Club" in page


def test_ticking_twice_writes_one_line(staff_client, partnership):
    draft(staff_client, partnership)
    first = steps_of(partnership)[0]
    staff_client.post(url("step_done", partnership, first.pk))
    staff_client.post(url("step_done", partnership, first.pk))
    assert LogEntry.objects.filter(summary__startswith="Step done").count() == 1


def test_an_overdue_step_says_so_in_words(staff_client, partnership):
    draft(staff_client, partnership)
    first = steps_of(partnership)[0]
    ApproachStep.objects.filter(pk=first.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    page = staff_client.get(detail(partnership)).content.decode()
    assert page.count("Overdue") == 1


def test_a_step_from_another_partnership_is_404(staff_client, partnership, library):
    other = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Scouts")
    )
    draft(staff_client, other)
    step = steps_of(other)[0]
    response = staff_client.post(url("step_done", partnership, step.pk))
    assert response.status_code == 404
    step.refresh_from_db()
    assert not step.is_done


# Editing the plan


def test_editing_changes_adds_and_removes_steps(staff_client, partnership, owner):
    draft(staff_client, partnership)
    steps = steps_of(partnership)
    page = staff_client.get(url("plan", partnership))
    assert page.status_code == 200 and "Save the plan" in page.content.decode()
    data = formset_data(
        steps,
        **{
            "steps-0-title": "Read their annual report",
            "steps-0-owner": str(owner.pk),
            "steps-0-due_on": "2030-01-15",
            "steps-3-DELETE": "on",
            "steps-4-title": "Send a thank-you card",
            "steps-4-kind": "other",
        },
    )
    response = staff_client.post(url("plan", partnership), data)
    assert response.status_code == 302
    after = steps_of(partnership)
    assert [s.title for s in after] == [
        "Read their annual report",
        steps[1].title,
        steps[2].title,
        "Send a thank-you card",
    ]
    assert after[0].owner == owner and after[0].due_on == datetime.date(2030, 1, 15)
    assert after[-1].position > after[-2].position
    assert after[-1].library_id == partnership.library_id
    page = staff_client.get(detail(partnership)).content.decode()
    assert "Approach plan changed: 1 added, 1 edited, 1 removed" in page


def test_saving_an_unchanged_plan_writes_no_line(staff_client, partnership):
    draft(staff_client, partnership)
    staff_client.post(url("plan", partnership), formset_data(steps_of(partnership)))
    assert not LogEntry.objects.filter(summary__startswith="Approach plan changed").exists()


def test_bad_input_is_refused_at_the_field_and_kept(staff_client, partnership):
    draft(staff_client, partnership)
    steps = steps_of(partnership)
    data = formset_data(
        steps,
        **{
            "steps-0-title": "",
            "steps-1-due_on": "31/31/2026",
            "steps-2-note": "Ask Dana to walk them round",
            "steps-4-title": "Coffee with the board",
        },
    )
    response = staff_client.post(url("plan", partnership), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Step 1, Step: This field is required." in text
    assert "Step 2, By when: Enter a valid date." in text
    assert 'value="31/31/2026"' in text
    assert "Ask Dana to walk them round" in text
    assert 'value="Coffee with the board"' in text
    assert [s.title for s in steps_of(partnership)] == [s.title for s in steps]


def test_an_owner_from_another_library_is_refused(staff_client, partnership, outsider):
    draft(staff_client, partnership)
    steps = steps_of(partnership)
    data = formset_data(steps, **{"steps-0-owner": str(outsider.pk)})
    response = staff_client.post(url("plan", partnership), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert steps_of(partnership)[0].owner_id != outsider.pk


def test_a_step_of_another_partnership_cannot_be_edited_through_this_plan(
    staff_client, partnership, library
):
    other = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Scouts")
    )
    draft(staff_client, other)
    foreign = steps_of(other)[0]
    data = formset_data([foreign], **{"steps-0-title": "Hijacked"})
    response = staff_client.post(url("plan", partnership), data)
    assert response.status_code == 400
    assert "Step 1 is no longer part of this plan" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.title != "Hijacked"
    assert not steps_of(partnership)


# Who may do what


def test_a_volunteer_sees_the_plan_but_cannot_change_it(volunteer_client, partnership, staff):
    from allies.outreach.plan import draft_plan

    draft_plan(partnership, by=staff, day=timezone.localdate())
    step = steps_of(partnership)[0]
    page = volunteer_client.get(detail(partnership)).content.decode()
    assert step.title in page
    assert "Mark done" not in page and "Edit the plan" not in page
    assert volunteer_client.get(url("plan", partnership)).status_code == 403
    assert volunteer_client.get(url("plan_draft", partnership)).status_code == 403
    for name, args in [
        ("plan", []),
        ("plan_draft", []),
        ("step_done", [step.pk]),
        ("step_reopen", [step.pk]),
    ]:
        assert volunteer_client.post(url(name, partnership, *args)).status_code == 403
    step.refresh_from_db()
    assert not step.is_done


def test_every_plan_url_is_404_for_an_outsider(outsider_client, partnership, staff):
    from allies.outreach.plan import draft_plan

    step = draft_plan(partnership, by=staff, day=timezone.localdate())[0]
    for name, args in [
        ("plan", []),
        ("plan_draft", []),
        ("step_done", [step.pk]),
        ("step_reopen", [step.pk]),
    ]:
        assert outsider_client.get(url(name, partnership, *args)).status_code == 404
        assert outsider_client.post(url(name, partnership, *args)).status_code == 404
    step.refresh_from_db()
    assert not step.is_done
