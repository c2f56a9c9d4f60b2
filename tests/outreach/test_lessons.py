"""Hearing no: each refusal keeps its reason; the lessons page counts them, most frequent first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Refusal, Stage

pytestmark = pytest.mark.django_db


def decline(client, partnership, reason, lessons, days=120):
    later = timezone.localdate() + datetime.timedelta(days=days)
    return client.post(
        reverse("partnerships:move", args=[partnership.library.slug, partnership.pk]),
        {
            "stage": Stage.DECLINED,
            "decline_reason": reason,
            "lessons": lessons,
            "try_again_on": later.isoformat(),
        },
    )


def partner(library, name):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(library=library, organization=organization)


def test_reasons_are_counted_most_frequent_first(staff_client, library):
    for index, reason in enumerate(["capacity", "timing", "timing", "too_fixed", "timing"]):
        response = decline(
            staff_client, partner(library, f"Org {index}"), reason, f"Lesson {index}"
        )
        assert response.status_code == 302
    response = staff_client.get(reverse("outreach:lessons", args=[library.slug]))
    assert response.status_code == 200
    rows = response.context["reasons"]
    assert [(row["reason"], row["count"]) for row in rows] == [
        ("timing", 3),
        ("capacity", 1),
        ("too_fixed", 1),
    ]
    assert rows[0]["width"] > rows[1]["width"] > 0
    text = response.content.decode()
    assert text.index("The timing was wrong") < text.index("They had no capacity")
    assert "Lesson 4" in text and "Lesson 0" in text


def test_a_partnership_declined_twice_keeps_both_lessons(staff_client, staff, library):
    partnership = partner(library, "Riverton Rotary Club")
    decline(staff_client, partnership, "timing", "Their budget was set")
    partnership.refresh_from_db()
    partnership.move_to(Stage.REACHING_OUT, by=staff, reason="Trying again")
    decline(staff_client, partnership, "not_a_fit", "They only fund sports")
    assert list(partnership.refusals.values_list("reason", "lessons")) == [
        ("not_a_fit", "They only fund sports"),
        ("timing", "Their budget was set"),
    ]
    page = staff_client.get(reverse("outreach:lessons", args=[library.slug])).content.decode()
    assert "Their budget was set" in page and "They only fund sports" in page


def test_a_no_without_reason_or_with_a_past_date_is_refused_and_kept(staff_client, library):
    partnership = partner(library, "Riverton Rotary Club")
    response = decline(staff_client, partnership, "", "Ask in spring")
    assert response.status_code == 400
    assert "Choose the main reason" in response.content.decode()
    response = decline(staff_client, partnership, "timing", "Ask in spring", days=-3)
    assert response.status_code == 400
    form = response.context["move_form"]
    assert "must be in the future" in str(form.errors["try_again_on"])
    assert form["lessons"].value() == "Ask in spring"
    assert not Refusal.objects.exists()
    partnership.refresh_from_db()
    assert partnership.stage == Stage.PROSPECT


def test_partners_ready_to_try_again_are_listed(staff_client, staff, library):
    partnership = partner(library, "Riverton Rotary Club")
    decline(staff_client, partnership, "timing", "Ask after the fair")
    Partnership.objects.filter(pk=partnership.pk).update(
        try_again_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = staff_client.get(reverse("outreach:lessons", args=[library.slug]))
    assert list(response.context["ready"]) == [partnership]


def test_another_library_sees_nothing(outsider_client, staff, library, other_library):
    Refusal.objects.create(
        library=library,
        partnership=partner(library, "Riverton Rotary Club"),
        reason="timing",
        lessons="Private lesson",
        recorded_by=staff,
    )
    assert outsider_client.get(reverse("outreach:lessons", args=[library.slug])).status_code == 404
    response = outsider_client.get(reverse("outreach:lessons", args=[other_library.slug]))
    assert response.status_code == 200
    assert response.context["reasons"] == []
    assert "Private lesson" not in response.content.decode()


def test_the_empty_page_explains_itself(staff_client, library):
    response = staff_client.get(reverse("outreach:lessons", args=[library.slug]))
    assert "No refusals recorded yet" in response.content.decode()
