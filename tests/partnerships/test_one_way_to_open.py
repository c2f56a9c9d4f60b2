"""One rule opens a partnership: `Partnership.objects.find_or_start` finds the organization's
current partnership (`current`: archived ones do not count) or starts a prospect with its first stage
change. Every page that may open one goes through it, so none forgets the stage change or treats
archived partnerships its own way."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.pilots import partnership_for_organizer
from allies.partnerships.models import Partnership, Stage, StageChange
from allies.planning import workbook

SRC = Path(__file__).resolve().parent.parent.parent / "src" / "allies"
# The two forms that start a partnership with what staff typed (a page and the API share the form)
# refuse a second one instead of finding it; they still open it with `start`.
FORMS = {"partnerships/views.py", "api/partnerships.py"}
OPENING = re.compile(r"\.start\(by=|Partnership\.objects\.(?:create|get_or_create)\(")
FINDING = re.compile(r"for_library\([^)]*\)\s*\.filter\(\s*organization=", re.MULTILINE)


def test_only_find_or_start_opens_or_finds_a_partnership():
    problems = []
    for path in SRC.rglob("*.py"):
        name = str(path.relative_to(SRC)).replace("\\", "/")
        if name == "partnerships/models.py" or "benchmarks/" in name or name.endswith("sample.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if OPENING.search(text) and name not in FORMS:
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
