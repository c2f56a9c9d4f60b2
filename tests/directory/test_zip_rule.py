"""One rule for ZIP codes: the organization form, the library's profile and the importer agree."""

import pytest
from django.urls import reverse

from allies.directory.importing.cleaning import RowOutcome, clean_zip
from allies.directory.models import Organization
from allies.libraries.forms import BranchForm, LibraryProfileForm
from allies.libraries.zipcodes import ZipError, mend_zip

CASES = [
    ("05602", "05602"),
    ("5602", "05602"),
    (" 5602 ", "05602"),
    ("056022957", "05602-2957"),
    ("5602-2957", "05602-2957"),
    ("05602-2957", "05602-2957"),
]


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_importer_and_the_rule_agree(typed, stored):
    outcome = RowOutcome(row=2)
    assert clean_zip(typed, outcome) == stored
    assert not outcome.errors
    assert mend_zip(typed)[0] == stored


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_organization_form_stores_what_the_importer_would(staff_client, library, typed, stored):
    response = staff_client.post(
        reverse("directory:organization_create", args=[library.slug]),
        {"name": "Montpelier Food Shelf", "sector": "nonprofit", "zip_code": typed},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organization.objects.get(library=library).zip_code == stored


@pytest.mark.parametrize(("typed", "stored"), CASES)
def test_the_library_profile_and_branches_store_the_same(library, typed, stored):
    profile = LibraryProfileForm({"name": "Riverton", "zip_code": typed}, instance=library)
    assert profile.is_valid(), profile.errors
    assert profile.cleaned_data["zip_code"] == stored
    branch = BranchForm({"name": "East", "zip_code": typed})
    branch.instance.library = library
    assert branch.is_valid(), branch.errors
    assert branch.cleaned_data["zip_code"] == stored


@pytest.mark.parametrize("typed", ["560", "0560", "ABCDE", "056O2"])
def test_what_neither_accepts(staff_client, library, typed):
    with pytest.raises(ZipError):
        mend_zip(typed)
    outcome = RowOutcome(row=2)
    clean_zip(typed, outcome)
    assert outcome.errors
    response = staff_client.post(
        reverse("directory:organization_create", args=[library.slug]),
        {"name": "Montpelier Food Shelf", "sector": "nonprofit", "zip_code": typed},
    )
    assert response.status_code == 200
    assert "ZIP code of five digits" in response.content.decode()
