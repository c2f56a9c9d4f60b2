"""One rule opens a partnership: `Partnership.objects.find_or_start` finds the organization's
current partnership (`current`: archived ones do not count) or starts one (a prospect unless told)
with its first stage change. Every path that may open one goes through it, the new-partnership form
and POST /api/v1/partnerships too (`NewPartnershipForm.find_or_start`), so none forgets the stage
change or treats archived partnerships its own way."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.pilots import partnership_for_organizer
from allies.partnerships.forms import NewPartnershipForm
from allies.partnerships.models import Partnership, Stage, StageChange
from allies.planning import workbook

SRC = Path(__file__).resolve().parent.parent.parent / "src" / "allies"
OPENING = re.compile(r"\.start\(by=|Partnership\.objects\.(?:create|get_or_create)\(")
FINDING = re.compile(r"for_library\([^)]*\)\s*\.filter\(\s*organization=", re.MULTILINE)


def test_only_find_or_start_opens_or_finds_a_partnership():
    problems = []
    for path in SRC.rglob("*.py"):
        name = str(path.relative_to(SRC)).replace("\\", "/")
        if name == "partnerships/models.py" or "benchmarks/" in name or name.endswith("sample.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if OPENING.search(text):
            problems.append(f"{name} opens a partnership itself: use find_or_start")
        if FINDING.search(text):
            problems.append(f"{name} looks for the current partnership itself: use current()")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_path_finds_the_current_one_and_starts_with_a_stage_change(library, staff):
    bank = Organization.objects.create(library=library, name="Bank")
    old = Partnership.objects.create(library=library, organization=bank, stage=Stage.ENDED)
    Partnership.objects.filter(pk=old.pk).update(archived_at=timezone.now())  # archived
    plan = workbook.plan_for_member(library, staff)
    started = workbook.start_prospect(library, bank, by=staff, plan=plan)
    assert started.pk != old.pk and started.stage == Stage.PROSPECT and started.lead == staff
    assert StageChange.objects.filter(partnership=started, to_stage=Stage.PROSPECT).count() == 1
    assert partnership_for_organizer(library, bank, by=staff) == started
    assert Partnership.objects.current(library, bank) == started
    with pytest.raises(Exception, match="already"):
        workbook.start_prospect(library, bank, by=staff, plan=plan)
    shop = Organization.objects.create(library=library, name="Shop")
    opened = partnership_for_organizer(library, shop, by=staff)
    assert StageChange.objects.filter(partnership=opened).count() == 1


def started_meanwhile(monkeypatch, library, organization, by):
    """Someone else starts a partnership with `organization` just after the form checked that it
    had none, as two people saving at once would."""
    check = NewPartnershipForm.clean_organization

    def clean_organization(form):
        checked = check(form)
        Partnership.objects.find_or_start(library, organization, by=by, stage=Stage.ACTIVE)
        return checked

    monkeypatch.setattr(NewPartnershipForm, "clean_organization", clean_organization)


def _new(organization):
    return {"organization": organization.pk, "stage": Stage.EXPLORING, "term": "", "lead": ""}


@pytest.mark.django_db
def test_the_form_started_meanwhile_says_so_and_links_to_the_one_there_is(
    monkeypatch, staff_client, library, owner
):
    bank = Organization.objects.create(library=library, name="Bank")
    started_meanwhile(monkeypatch, library, bank, owner)
    response = staff_client.post(reverse("partnerships:create", args=["riverton"]), _new(bank))
    assert response.status_code == 200
    theirs = Partnership.objects.get(organization=bank)
    assert theirs.stage == Stage.ACTIVE  # theirs, not overwritten with what this form said
    assert StageChange.objects.filter(partnership__organization=bank).count() == 1
    page = response.content.decode()
    assert "This organization already has a partnership with the library." in page
    assert reverse("partnerships:detail", args=["riverton", theirs.pk]) in page


@pytest.mark.django_db
def test_the_form_starts_a_new_one_beside_an_archived_one(staff_client, library, staff):
    bank = Organization.objects.create(library=library, name="Bank")
    old, _created = Partnership.objects.find_or_start(library, bank, by=staff)
    old.archive()
    response = staff_client.post(reverse("partnerships:create", args=["riverton"]), _new(bank))
    started = Partnership.objects.current(library, bank)
    assert response.status_code == 302 and started.pk != old.pk
    assert (started.stage, started.stage_changes.get().to_stage) == (Stage.EXPLORING,) * 2
