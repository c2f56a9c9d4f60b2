"""The library's own audiences and resources: list, add, rename, duplicates refused."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization, Resource


def url(name, library, *args):
    return reverse(f"directory:{name}", args=[library.slug, *args])


def test_list_shows_the_starting_set_with_usage(staff_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    Organization.objects.create(library=library, name="Teen Center").audiences.add(teens)
    response = staff_client.get(url("vocabularies", library))
    page = response.content.decode()
    assert "Youth facing homelessness" in page
    assert "Influence with decision makers" in page
    audiences = dict(response.context["lists"][0]["terms"].values_list("name", "used_by"))
    assert audiences["Teens"] == 1
    assert audiences["Seniors"] == 0


def test_directory_pages_link_to_the_vocabularies(staff_client, library):
    page = staff_client.get(url("organizations", library)).content.decode()
    assert url("vocabularies", library) in page


@pytest.mark.parametrize("kind, model", [("audiences", Audience), ("resources", Resource)])
def test_staff_adds_a_term(staff_client, library, kind, model):
    response = staff_client.post(url(f"{kind[:-1]}_create", library), {"name": "  Gardeners  "})
    assert response.status_code == 302
    term = model.objects.get(library=library, name="Gardeners")
    assert term.slug == "gardeners"


def test_duplicate_name_gets_a_friendly_message(staff_client, library):
    response = staff_client.post(url("audience_create", library), {"name": "TEENS"})
    assert response.status_code == 200
    assert "This library already has “Teens” in the list." in response.content.decode()
    assert Audience.objects.filter(library=library, slug="teens").count() == 1


def test_same_name_in_another_library_is_fine(staff_client, library, other_library):
    Audience.objects.create(library=other_library, name="Gardeners", slug="gardeners")
    response = staff_client.post(url("audience_create", library), {"name": "Gardeners"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "message"), [("", "This field is required"), ("!!!", "at least one letter")]
)
def test_bad_names_are_explained(staff_client, library, name, message):
    before = Audience.objects.count()
    response = staff_client.post(url("audience_create", library), {"name": name})
    assert message in response.content.decode()
    assert Audience.objects.count() == before


def test_rename_keeps_the_organizations(staff_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    org = Organization.objects.create(library=library, name="Teen Center")
    org.audiences.add(teens)
    response = staff_client.post(
        url("audience_rename", library, teens.pk), {"name": "Young adults"}
    )
    assert response.status_code == 302
    teens.refresh_from_db()
    assert (teens.name, teens.slug) == ("Young adults", "young-adults")
    assert list(org.audiences.all()) == [teens]


def test_rename_to_an_existing_name_is_refused(staff_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    response = staff_client.post(url("audience_rename", library, teens.pk), {"name": "Seniors"})
    assert "already has “Seniors”" in response.content.decode()
    teens.refresh_from_db()
    assert teens.name == "Teens"


def test_rename_to_the_same_name_in_other_case_is_allowed(staff_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    response = staff_client.post(url("audience_rename", library, teens.pk), {"name": "TEENS"})
    assert response.status_code == 302


def test_another_librarys_term_is_404(staff_client, library, other_library):
    theirs = Audience.objects.get(library=other_library, slug="teens")
    target = url("audience_rename", library, theirs.pk)
    assert staff_client.get(target).status_code == 404
    assert staff_client.post(target, {"name": "Hacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Teens"


def test_outsider_gets_404(outsider_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    for target in [
        url("vocabularies", library),
        url("audience_create", library),
        url("audience_rename", library, teens.pk),
    ]:
        assert outsider_client.get(target).status_code == 404
        assert outsider_client.post(target, {"name": "X"}).status_code == 404


def test_volunteer_reads_but_cannot_change(volunteer_client, library):
    teens = Audience.objects.get(library=library, slug="teens")
    assert volunteer_client.get(url("vocabularies", library)).status_code == 200
    for target in [
        url("audience_create", library),
        url("audience_rename", library, teens.pk),
    ]:
        assert volunteer_client.get(target).status_code == 403
        assert volunteer_client.post(target, {"name": "X"}).status_code == 403
    teens.refresh_from_db()
    assert teens.name == "Teens"
    assert not Audience.objects.filter(name="X").exists()
