"""The teen librarian's audiences: many organizations tagged at once from the list, and the
organization form suggesting audiences from the name and notes."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization


@pytest.fixture
def teens(library):
    return Audience.objects.get(library=library, slug="teens")


@pytest.fixture
def imported(library):
    return [
        Organization.objects.create(library=library, name=name)
        for name in ("Riverton Rotary Club", "Valley Skate Park", "Hill Farm Co-op")
    ]


def tag_url(library):
    return reverse("directory:organizations_tag", args=[library.slug])


def test_the_list_offers_to_tag_ticked_rows(staff_client, library, imported):
    page = staff_client.get(reverse("directory:organizations", args=[library.slug]))
    html = page.content.decode()
    assert 'name="organization"' in html and "Tag the ticked organizations with audience" in html
    assert f'<label for="pick-{imported[0].pk}" class="visually-hidden">' in html


def test_volunteers_see_no_boxes_and_cannot_tag(volunteer_client, library, imported, teens):
    html = volunteer_client.get(reverse("directory:organizations", args=[library.slug]))
    assert 'name="organization"' not in html.content.decode()
    data = {"audience": teens.pk, "organization": [imported[0].pk]}
    assert volunteer_client.post(tag_url(library), data).status_code == 403
    assert not imported[0].audiences.exists()


def test_many_organizations_are_tagged_at_once_with_their_history(
    staff_client, library, imported, teens
):
    imported[2].audiences.add(teens)
    data = {
        "audience": teens.pk,
        "organization": [o.pk for o in imported],
        "next": "/l/riverton/directory/organizations/?q=club",
    }
    response = staff_client.post(tag_url(library), data, follow=True)
    assert response.redirect_chain[-1][0] == "/l/riverton/directory/organizations/?q=club"
    html = response.content.decode()
    assert "“Teens” added to 2 organizations. 1 had it already." in html
    for organization in imported:
        assert teens in organization.audiences.all()
    last = imported[0].history.first()
    assert last.history_change_reason == "Tagged with “Teens” from the list"


def test_another_librarys_organizations_and_audiences_are_untouched(
    staff_client, library, other_library, imported, teens
):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Youth Club")
    their_teens = Audience.objects.get(library=other_library, slug="teens")
    staff_client.post(tag_url(library), {"audience": teens.pk, "organization": [theirs.pk]})
    assert not theirs.audiences.exists()
    staff_client.post(
        tag_url(library), {"audience": their_teens.pk, "organization": [imported[0].pk]}
    )
    assert not imported[0].audiences.exists()


def test_outsiders_get_404(outsider_client, library, imported, teens):
    data = {"audience": teens.pk, "organization": [imported[0].pk]}
    assert outsider_client.post(tag_url(library), data).status_code == 404
    assert not imported[0].audiences.exists()


def test_nothing_ticked_says_what_to_do(staff_client, library, teens):
    response = staff_client.post(tag_url(library), {"audience": teens.pk}, follow=True)
    assert "Tick one organization or more" in response.content.decode()


def test_the_form_suggests_audiences_from_the_name_and_notes(staff_client, library, teens):
    url = reverse("directory:organization_create", args=[library.slug])
    data = {
        "name": "Riverton Teen Center",
        "sector": "nonprofit",
        "notes": "Drop-in for high school students after class.",
        "action": "suggest",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Suggested from what you typed" in html and "Teens" in html
    assert "There is a problem" not in html
    assert str(teens.pk) in [str(v) for v in response.context["form"].initial["audiences"]]
    assert f'value="{teens.pk}" id="id_audiences_' in html
    assert 'value="Riverton Teen Center"' in html
    assert not Organization.objects.exists()  # nothing saved yet


def test_the_edit_form_suggests_too_and_keeps_what_was_ticked(staff_client, library, teens):
    seniors = Audience.objects.get(library=library, slug="seniors")
    organization = Organization.objects.create(library=library, name="Quiet Club")
    url = reverse("directory:organization_edit", args=[library.slug, organization.pk])
    data = {
        "name": "Quiet Club",
        "sector": "nonprofit",
        "notes": "Runs a teen book club.",
        "audiences": [seniors.pk],
        "action": "suggest",
    }
    response = staff_client.post(url, data)
    ticked = [str(v) for v in response.context["form"].initial["audiences"]]
    assert str(seniors.pk) in ticked and str(teens.pk) in ticked
    assert response.context["form"].initial["loaded_version"] is not None
