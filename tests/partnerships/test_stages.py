"""Moving a partnership between stages keeps who, when and why; declined and ended ask for more."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.partnerships.forms import MoveStageForm, months_later
from allies.partnerships.models import Stage, StageChange


def move_url(partnership):
    return reverse("partnerships:move", args=["riverton", partnership.pk])


def test_months_later_keeps_the_day_or_the_last_of_the_month():
    assert months_later(datetime.date(2026, 3, 15), 6) == datetime.date(2026, 9, 15)
    assert months_later(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert months_later(datetime.date(2026, 12, 1), 1) == datetime.date(2027, 1, 1)


def test_a_move_is_recorded_with_who_when_and_why(staff_client, staff, partnership):
    before = timezone.now()
    response = staff_client.post(
        move_url(partnership), {"stage": Stage.PILOT, "reason": "They agreed to weekly drop-ins."}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PILOT
    assert partnership.started_on == timezone.localdate()
    change = StageChange.objects.get(partnership=partnership)
    assert (change.from_stage, change.to_stage) == (Stage.EXPLORING, Stage.PILOT)
    assert change.changed_by == staff
    assert change.changed_at >= before
    assert change.reason == "They agreed to weekly drop-ins."
    page = staff_client.get(reverse("partnerships:detail", args=["riverton", partnership.pk]))
    assert "They agreed to weekly drop-ins." in page.content.decode()
    assert "Sam Staff" in page.content.decode()


def test_declined_requires_lessons_and_a_future_date(staff_client, partnership):
    response = staff_client.post(
        move_url(partnership),
        {"stage": Stage.DECLINED, "reason": "No budget", "lessons": "", "try_again_on": ""},
    )
    assert response.status_code == 400
    form = response.context["move_form"]
    assert {"lessons", "try_again_on", "decline_reason"} <= form.errors.keys()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = staff_client.post(
        move_url(partnership),
        {
            "stage": Stage.DECLINED,
            "decline_reason": "timing",
            "lessons": "Ask in spring",
            "try_again_on": yesterday.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "must be in the future" in str(response.context["move_form"].errors["try_again_on"])
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING
    assert not StageChange.objects.exists()

    later = timezone.localdate() + datetime.timedelta(days=90)
    response = staff_client.post(
        move_url(partnership),
        {
            "stage": Stage.DECLINED,
            "decline_reason": "timing",
            "lessons": "Ask in spring",
            "try_again_on": later.isoformat(),
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.stage, partnership.lessons, partnership.try_again_on) == (
        Stage.DECLINED,
        "Ask in spring",
        later,
    )
    refusal = partnership.refusals.get()
    assert (refusal.reason, refusal.lessons, refusal.try_again_on) == (
        "timing",
        "Ask in spring",
        later,
    )


def test_the_date_to_try_again_defaults_to_six_months_later(partnership):
    form = MoveStageForm(partnership=partnership)
    assert form.initial["try_again_on"] == months_later(timezone.localdate(), 6)


def test_ended_requires_the_reason_and_lessons(staff_client, partnership):
    response = staff_client.post(move_url(partnership), {"stage": Stage.ENDED})
    assert response.status_code == 400
    errors = response.context["move_form"].errors
    assert "reason" in errors and "lessons" in errors
    response = staff_client.post(
        move_url(partnership),
        {"stage": Stage.ENDED, "reason": "Their chapter closed", "lessons": "Start smaller"},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ENDED
    assert partnership.end_reason == "Their chapter closed"
    assert partnership.ended_on == timezone.localdate()
    assert partnership.pk is not None  # ended, not deleted


def test_moving_to_the_current_stage_is_refused(staff_client, partnership):
    response = staff_client.post(move_url(partnership), {"stage": Stage.EXPLORING})
    assert response.status_code == 400
    assert "stage" in response.context["move_form"].errors


def test_volunteer_cannot_move(volunteer_client, partnership):
    response = volunteer_client.post(move_url(partnership), {"stage": Stage.ACTIVE})
    assert response.status_code == 403
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING


def test_outsider_cannot_move(outsider_client, partnership):
    assert outsider_client.post(move_url(partnership), {"stage": Stage.ACTIVE}).status_code == 404


def test_move_only_accepts_post(staff_client, partnership):
    assert staff_client.get(move_url(partnership)).status_code == 405


@pytest.mark.django_db
def test_the_timeline_merges_stage_changes_and_edits(staff_client, partnership):
    staff_client.post(move_url(partnership), {"stage": Stage.PILOT, "reason": "Pilot agreed"})
    edit = staff_client.get(reverse("partnerships:edit", args=["riverton", partnership.pk]))
    data = {
        **{k: v or "" for k, v in edit.context["form"].initial.items() if v is not None},
        "lead": partnership.lead_id,
        "library_expects": "A room every Tuesday",
    }
    data["loaded_version"] = edit.context["form"].initial["loaded_version"]
    assert (
        staff_client.post(
            reverse("partnerships:edit", args=["riverton", partnership.pk]), data
        ).status_code
        == 302
    )
    page = staff_client.get(reverse("partnerships:detail", args=["riverton", partnership.pk]))
    items = page.context["timeline"]
    assert [item["kind"] for item in items] == ["edit", "stage", "edit"]
    assert str(items[2]["entry"]["action"]) == "created"
    # The start date the move set is shown with the move, not as a separate edit.
    assert [line["field"] for line in items[1]["changes"]] == ["started on"]
    text = page.content.decode()
    assert "Pilot agreed" in text and "A room every Tuesday" in text
    assert text.count("Pilot agreed") == 1  # the move's history line is not shown twice


def test_a_declined_partnership_edits_its_lessons_and_date(staff_client, partnership, staff):
    later = timezone.localdate() + datetime.timedelta(days=30)
    partnership.move_to(Stage.DECLINED, by=staff, lessons="Too soon", try_again_on=later)
    edit_url = reverse("partnerships:edit", args=["riverton", partnership.pk])
    form = staff_client.get(edit_url).context["form"]
    assert "lessons" in form.fields and "try_again_on" in form.fields
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = staff_client.post(edit_url, {**data, "try_again_on": past})
    assert "try_again_on" in response.context["form"].errors
    response = staff_client.post(edit_url, {**data, "lessons": "Ask after their budget vote"})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.lessons == "Ask after their budget vote"
    assert partnership.try_again_on == later


def test_an_ended_partnership_offers_a_last_thank_you_and_can_be_revived(
    staff_client, staff, partnership
):
    partnership.move_to(Stage.ACTIVE, by=staff, reason="Going well")
    partnership.move_to(
        Stage.ENDED,
        by=staff,
        reason="Funding stopped",
        end_reason="Funding stopped",
        lessons="Ask sooner",
    )
    page = staff_client.get(f"/l/riverton/partners/{partnership.pk}/").content.decode()
    assert "Ending well" in page and "Revive it" in page
    assert f"/stewardship/log/?partnership={partnership.pk}&amp;kind=thanks" in page
    response = staff_client.post(
        move_url(partnership), {"stage": Stage.ACTIVE, "reason": "Revived after it had ended."}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == Stage.ACTIVE and partnership.ended_on is None
    assert partnership.stage_changes.filter(to_stage=Stage.ENDED).exists()  # the end stays
    assert partnership.lessons == "Ask sooner"


def test_the_stage_before_the_end_is_the_one_it_had(staff, partnership):
    partnership.move_to(Stage.PILOT, by=staff)
    partnership.move_to(Stage.ENDED, by=staff, reason="Stopped")
    assert partnership.stage_before_end() == Stage.PILOT
