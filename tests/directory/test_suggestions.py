"""Suggested audiences and resources on an organization's page: shown with their evidence,
confirmed into the organization's own tags, or rejected for good."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization, SuggestionRejection

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(library):
    return Organization.objects.create(
        library=library, name="Riverside Warming Shelter", ntee_code="L41"
    )


def page(client, organization):
    return client.get(reverse("directory:organization", args=["riverton", organization.pk]))


def decide(client, organization, decision, kind, term):
    return client.post(
        reverse("directory:organization_suggestion", args=["riverton", organization.pk, decision]),
        {"kind": kind, "term": term},
    )


def homeless(library):
    return Audience.objects.get(library=library, slug="people-experiencing-homelessness")


def test_the_page_shows_what_is_suggested_and_why(staff_client, shelter, library):
    body = page(staff_client, shelter).content.decode()
    assert "Suggested from their record" in body
    assert "People experiencing homelessness" in body
    assert "their name says “Warming Shelter”" in body
    assert "Confirm" in body and "Not right" in body


def test_confirming_makes_it_a_tag_written_in_the_history(staff_client, shelter, library):
    response = decide(staff_client, shelter, "confirm", "audience", homeless(library).pk)
    assert response.status_code == 302
    assert list(shelter.audiences.all()) == [homeless(library)]
    assert shelter.history.first().history_change_reason.startswith("Suggestion confirmed")
    # Confirmed, it is no longer a suggestion.
    assert "Not right" not in page(staff_client, shelter).content.decode()


def test_rejecting_is_remembered_and_never_suggested_again(staff_client, shelter, library):
    decide(staff_client, shelter, "reject", "audience", homeless(library).pk)
    decide(staff_client, shelter, "reject", "audience", homeless(library).pk)  # a double click
    assert SuggestionRejection.objects.filter(organization=shelter).count() == 1
    assert not shelter.audiences.exists()
    body = page(staff_client, shelter).content.decode()
    assert "their name says “Warming Shelter”" not in body


def test_volunteers_see_suggestions_but_cannot_decide(volunteer_client, shelter, library):
    assert "Confirm" not in page(volunteer_client, shelter).content.decode()
    assert (
        decide(volunteer_client, shelter, "confirm", "audience", homeless(library).pk).status_code
        == 403
    )
    assert not shelter.audiences.exists()


def test_outsiders_get_404(outsider_client, shelter, library):
    assert (
        decide(outsider_client, shelter, "confirm", "audience", homeless(library).pk).status_code
        == 404
    )
    assert (
        decide(outsider_client, shelter, "reject", "audience", homeless(library).pk).status_code
        == 404
    )
    assert not shelter.audiences.exists() and not SuggestionRejection.objects.exists()


def test_another_librarys_term_or_nonsense_changes_nothing(
    staff_client, shelter, library, other_library
):
    from allies.directory.vocabularies import seed_vocabularies

    seed_vocabularies(other_library)
    theirs = Audience.objects.filter(library=other_library).first()
    response = decide(staff_client, shelter, "confirm", "audience", theirs.pk)
    assert response.status_code == 302 and not shelter.audiences.exists()
    for kind, term in (("nonsense", homeless(library).pk), ("audience", "abc"), ("audience", "")):
        assert decide(staff_client, shelter, "confirm", kind, term).status_code == 302
    assert (
        decide(staff_client, shelter, "maybe", "audience", homeless(library).pk).status_code == 404
    )
    assert not shelter.audiences.exists() and not SuggestionRejection.objects.exists()


def test_an_irs_activity_code_is_suggested_with_its_title(staff_client, library):
    # A senior center whose name and missing NTEE code say nothing of seniors.
    center = Organization.objects.create(
        library=library, name="Twin Valley Inc", irs_activity="575319000"
    )
    response = page(staff_client, center)
    assert "IRS activity 575: Services for the aged" in response.content.decode()


def test_an_organization_without_a_code_is_shown_the_one_its_directory_suggests(
    staff_client, library
):
    Organization.objects.bulk_create(
        [
            Organization(library=library, name=f"Town{n} Open Door Mission", ntee_code="L41")
            for n in range(30)
        ]
        + [
            Organization(library=library, name=f"Town{n} Garden Club", ntee_code="C41")
            for n in range(30)
        ]
    )
    mission = Organization.objects.create(library=library, name="Riverton Open Door Mission")
    body = page(staff_client, mission).content.decode()
    assert "None; suggested: L41: Homeless Shelters" in body
    assert "People experiencing homelessness" in body
    assert "suggested IRS category L41: Homeless Shelters" in body
    # With a code of its own, nothing is suggested.
    mission.ntee_code = "P20"
    mission.save()
    assert "None; suggested" not in page(staff_client, mission).content.decode()
