"""In Debian's Chromium: import a sheet with a near-duplicate, choose "merge into it" in the preview,
then find the organization by a word of its notes in the directory search."""

import re

import pytest
from playwright.sync_api import expect

from allies.directory.models import Organization
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_a_near_duplicate_merge_it_in_the_preview_and_find_it_by_its_notes(
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
    choice = page.get_by_role(
        "group", name=re.compile("Lantern House is probably the same as Lantern House Youth")
    )
    expect(choice.get_by_label("Create a new organization")).to_be_checked()
    choice.get_by_label("Merge into Lantern House Youth Shelter").check()
    page.get_by_role("button", name="Show what merging changes").click()
    expect(page.get_by_text("merged into Lantern House Youth Shelter").first).to_be_visible()
    screenshot("preview")
    page.get_by_role("button", name=re.compile(r"Import 2 organizations")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("import", re.I))
    assert Organization.objects.filter(library=library).count() == 2
    kept.refresh_from_db()
    assert kept.name == "Lantern House Youth Shelter"  # staff's name kept
    assert "homeless" in kept.notes

    page.goto("/l/riverton/directory/organizations/")
    page.get_by_role("main").get_by_label("Search").fill("homeless")
    page.get_by_role("button", name="Find organizations").click()
    expect(page.get_by_role("link", name="Lantern House Youth Shelter")).to_be_visible()
    expect(page.get_by_role("link", name="Riverton Garden Club")).to_have_count(0)
