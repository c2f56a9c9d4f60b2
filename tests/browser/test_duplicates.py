"""In Debian's Chromium: import a sheet with a near-duplicate (the preview says so), merge it from
Possible duplicates, then find the merged organization by a word of its notes."""

import re

import pytest
from playwright.sync_api import expect

from allies.directory.models import MergedRecord, Organization
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_a_near_duplicate_merge_it_and_find_it_by_its_notes(
    page, staff, library, tmp_path, screenshot
):
    kept = Organization.objects.create(
        library=library, name="Lantern House Youth Shelter", city="Riverton"
    )
    sheet = tmp_path / "partners.csv"
    sheet.write_text(
        "Name,City,Notes\n"
        "Lantern House,Riverton,Runs a warming shelter for homeless teens.\n"
        "Riverton Garden Club,Riverton,Plants the library's beds.\n"
    )
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/directory/imports/")
    page.get_by_label("Spreadsheet file").set_input_files(str(sheet))
    page.get_by_role("button", name="Upload and check columns").click()
    page.get_by_role("button", name="Preview the import").click()
    expect(
        page.get_by_text(re.compile("probably the same as Lantern House Youth Shelter"))
    ).to_be_visible()
    screenshot("preview")
    page.get_by_role("button", name=re.compile(r"Import 2 organizations")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("import", re.I))
    twin = Organization.objects.get(library=library, name="Lantern House")

    page.goto("/l/riverton/directory/duplicates/")
    page.get_by_role("link", name="Merge Lantern House into Lantern House Youth Shelter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merge Lantern House")
    # The notes were empty on the record kept: the file's notes are chosen by default.
    expect(page.get_by_label(re.compile("Runs a warming shelter"))).to_be_checked()
    screenshot("merge")
    page.get_by_role("button", name="Merge into one record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern House Youth Shelter")
    assert not Organization.objects.filter(pk=twin.pk).exists()
    assert MergedRecord.objects.get(old_id=twin.pk).survivor_id == kept.pk

    page.goto("/l/riverton/directory/organizations/")
    page.get_by_label("Search").fill("homeless")
    page.get_by_role("button", name="Find organizations").click()
    expect(page.get_by_role("link", name="Lantern House Youth Shelter")).to_be_visible()
    expect(page.get_by_role("link", name="Riverton Garden Club")).to_have_count(0)
    # The merged-away address leads to the organization kept.
    page.goto(f"/l/riverton/directory/organizations/{twin.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern House Youth Shelter")
