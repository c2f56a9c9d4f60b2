"""Library settings: everyone reads the profile; owners edit it and the branches."""

import pytest
from django.urls import reverse

from allies.libraries.models import Branch, Library

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"libraries:{name}", args=["riverton", *args])


PROFILE = {
    "name": "Riverton Public Library",
    "city": "Riverton",
    "mission": "Books, internet and help for every Riverton resident.",
    "vision": "A town that reads.",
    "community_served": "12,000 people along the river.",
}


def test_every_member_reads_the_settings(client, owner, staff, volunteer):
    for user in (owner, staff, volunteer):
        client.force_login(user)
        response = client.get(url("settings"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Free access to knowledge" in body
        assert ("Edit the profile" in body) == (user == owner)


def test_outsider_gets_404_everywhere(outsider_client, library):
    branch = Branch.objects.create(library=library, name="North")
    for name, args in (
        ("settings", ()),
        ("settings_edit", ()),
        ("branch_add", ()),
        ("branch_edit", (branch.pk,)),
        ("branch_remove", (branch.pk,)),
        ("members", ()),
        ("invite", ()),
    ):
        assert outsider_client.get(url(name, *args)).status_code == 404, name


def test_owner_edits_the_profile(owner_client):
    response = owner_client.post(url("settings_edit"), {**PROFILE, "name": "Riverton Library"})
    assert response.url == url("settings")
    library = Library.objects.get(slug="riverton")
    assert library.name == "Riverton Library"
    assert library.community_served == "12,000 people along the river."


def test_profile_needs_a_name(owner_client):
    response = owner_client.post(url("settings_edit"), {**PROFILE, "name": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Library.objects.get(slug="riverton").name == "Riverton Public Library"


def test_staff_and_volunteers_cannot_edit(client, staff, volunteer):
    for user in (staff, volunteer):
        client.force_login(user)
        assert client.get(url("settings_edit")).status_code == 403
        assert client.post(url("settings_edit"), {**PROFILE, "name": "Hacked"}).status_code == 403
        assert client.post(url("branch_add"), {"name": "Sneaky"}).status_code == 403
    assert Library.objects.get(slug="riverton").name == "Riverton Public Library"
    assert not Branch.objects.exists()


def test_owner_adds_renames_and_removes_a_branch(owner_client, library):
    response = owner_client.post(url("branch_add"), {"name": "North Branch", "city": "Riverton"})
    assert response.url == url("settings")
    branch = Branch.objects.get(library=library)
    assert owner_client.get(url("settings")).content.decode().count("North Branch") >= 1

    owner_client.post(url("branch_edit", branch.pk), {"name": "Northside Branch"})
    branch.refresh_from_db()
    assert branch.name == "Northside Branch"

    response = owner_client.get(url("branch_remove", branch.pk))
    assert "Remove the branch Northside Branch?" in response.content.decode()
    owner_client.post(url("branch_remove", branch.pk))
    assert not Branch.objects.filter(pk=branch.pk).exists()


def test_branch_names_are_unique_in_a_library(owner_client, library, other_library):
    Branch.objects.create(library=library, name="North")
    Branch.objects.create(library=other_library, name="South")
    response = owner_client.post(url("branch_add"), {"name": "north"})
    assert "already has a branch with this name" in response.content.decode()
    response = owner_client.post(url("branch_add"), {"name": "South"})
    assert response.status_code == 302  # another library's branch does not count
    assert Branch.objects.filter(library=library).count() == 2


def test_another_librarys_branch_is_404(owner_client, other_library):
    theirs = Branch.objects.create(library=other_library, name="Theirs")
    assert owner_client.post(url("branch_edit", theirs.pk), {"name": "Mine"}).status_code == 404
    assert owner_client.post(url("branch_remove", theirs.pk)).status_code == 404
    assert Branch.objects.filter(pk=theirs.pk, name="Theirs").exists()


def test_vocabularies_link_only_when_the_page_exists(owner_client):
    from django.urls import NoReverseMatch

    body = owner_client.get(url("settings")).content.decode()
    try:
        vocabularies = reverse("directory:vocabularies", args=["riverton"])
    except NoReverseMatch:
        assert "vocabularies" not in body.lower()
    else:
        assert vocabularies in body


def test_the_profile_places_the_library_by_zip_code(owner_client, library):
    data = {**PROFILE, "state": "vt", "zip_code": "5602"}
    response = owner_client.post(url("settings_edit"), data)
    assert response.status_code == 302
    library.refresh_from_db()
    # A ZIP code that lost its leading zero in a spreadsheet is mended, as the importer does.
    assert (library.state, library.zip_code) == ("VT", "05602")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip_code", "56O2", "Enter a ZIP code of five digits"),
        ("zip_code", "123", "Enter a ZIP code of five digits"),
        ("state", "Vermont", "two-letter code"),
    ],
)
def test_a_bad_location_is_refused_with_what_to_type(owner_client, library, field, value, message):
    response = owner_client.post(url("settings_edit"), {**PROFILE, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    library.refresh_from_db()
    assert library.zip_code == "" and library.state == ""
