"""Bad input to the workbook and the benefits board: huge text, bytes that are not UTF-8, impossible
dates, another library's ids. Never a server error, never a wrong save."""

import pytest
from django.urls import reverse

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.partnerships.models import Commitment, Partnership
from allies.planning import workbook
from allies.planning.models import ItemKind, PlanItem
from allies.planning.workbook_forms import ANSWER_LIMIT, WHY_LIMIT

pytestmark = pytest.mark.django_db

HUGE = "x" * 1_000_000


def _partner(library, name, stage="active"):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(library=library, organization=organization, stage=stage)


@pytest.fixture
def plan(library):
    return workbook.plan_for_goal(Goal.objects.create(library=library, statement="Computers"))


def _url(plan, suffix=""):
    return f"/l/{plan.library.slug}/plan/{plan.pk}/{suffix}"


def test_a_huge_or_empty_what_is_refused_and_saves_nothing(owner_client, plan, library):
    partner = _partner(library, "Club")
    for what in ("", "   ", HUGE):
        response = owner_client.post(
            _url(plan, "items/new/"),
            {
                "kind": "for_partner",
                "partnership": partner.pk,
                "what": what,
                "due_on": "2026-12-01",
            },
        )
        assert response.status_code == 400
        assert response.context["form"].errors["what"]
    assert not PlanItem.objects.exists() and not Commitment.objects.exists()


@pytest.mark.parametrize("day", ["2026-02-30", "0000-01-01", "99999-01-01", "tomorrow"])
def test_an_impossible_date_is_refused(owner_client, plan, library, day):
    partner = _partner(library, "Club")
    response = owner_client.post(
        _url(plan, "items/new/"),
        {"kind": "for_partner", "partnership": partner.pk, "what": "Thank", "due_on": day},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["due_on"]
    assert not PlanItem.objects.exists()


def test_a_huge_why_or_answer_is_refused_and_the_limit_itself_is_kept(owner_client, plan, library):
    partner = _partner(library, "Club", stage="prospect")
    item = {"kind": "opportunity", "partnership": partner.pk, "what": "Ask"}
    response = owner_client.post(_url(plan, "items/new/"), {**item, "why": HUGE})
    assert response.status_code == 400 and response.context["form"].errors["why"]
    assert not PlanItem.objects.exists()
    response = owner_client.post(_url(plan, "items/new/"), {**item, "why": "w" * WHY_LIMIT})
    assert response.status_code == 302 and PlanItem.objects.get().why == "w" * WHY_LIMIT

    for text, status in ((HUGE, 400), ("a" * ANSWER_LIMIT, 302)):
        page = owner_client.get(_url(plan, "answers/")).content.decode()
        version = page.split('name="loaded_version" value="')[1].split('"')[0]
        response = owner_client.post(
            _url(plan, "answers/"), {"partners_who_could_help": text, "loaded_version": version}
        )
        assert response.status_code == status
    plan.refresh_from_db()
    assert plan.partners_who_could_help == "a" * ANSWER_LIMIT


@pytest.mark.parametrize("suffix", ["answers/", "items/new/", "finish/", "reopen/"])
def test_bytes_that_are_not_utf8_are_no_server_error(owner_client, plan, suffix):
    response = owner_client.post(
        _url(plan, suffix),
        b"partners_who_could_help=\xff\xfe&what=\xc3\x28&kind=\xff",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500
    plan.refresh_from_db()
    assert "\ufffd" not in plan.partners_who_could_help
    assert not PlanItem.objects.exists()


def test_bytes_that_are_not_utf8_on_the_board_are_no_server_error(owner_client, library):
    _partner(library, "Club")
    response = owner_client.post(
        reverse("planning:benefits_board_edit", args=["riverton"]),
        b"form-TOTAL_FORMS=\xff&form-0-benefits_to_library=\xc3\x28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not Partnership.objects.exclude(benefits_to_library="").exists()


def test_another_librarys_plan_item_and_partnership_are_404_or_refused(
    owner_client, plan, library, other_library, owner
):
    theirs = workbook.plan_for_goal(Goal.objects.create(library=other_library, statement="Theirs"))
    their_partner = _partner(other_library, "Their club", stage="prospect")
    their_item = workbook.add_item(
        theirs, kind=ItemKind.OPPORTUNITY, partnership=their_partner, by=owner, what="Theirs"
    )
    assert owner_client.get(_url(plan, f"items/{their_item.pk}/")).status_code == 404
    assert (
        owner_client.post(
            _url(plan, f"items/{their_item.pk}/progress/"), {"progress": "done"}
        ).status_code
        == 404
    )
    response = owner_client.post(
        _url(plan, "items/new/"),
        {"kind": "opportunity", "partnership": their_partner.pk, "what": "Steal"},
    )
    assert response.status_code == 400 and response.context["form"].errors["partnership"]
    their_org = Organization.objects.create(library=other_library, name="Their museum")
    response = owner_client.post(
        _url(plan, "items/new/"),
        {"kind": "opportunity", "organization": their_org.pk, "what": "Steal"},
    )
    assert response.status_code == 400 and response.context["form"].errors["organization"]
    their_item.refresh_from_db()
    assert their_item.progress == "not_started" and PlanItem.objects.count() == 1
    assert not Partnership.objects.filter(organization=their_org).exists()
