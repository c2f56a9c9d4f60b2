"""The header's search box: organizations, people and partnerships of the current library only."""

import pytest
from django.urls import reverse

from allies.directory.models import Affiliation, Organization, Person
from allies.partnerships.models import Partnership


@pytest.fixture
def records(library, other_library):
    shelter = Organization.objects.create(
        library=library, name="Lantern House", notes="Warming shelter for homeless teens"
    )
    Organization.objects.create(library=library, name="Garden Club")
    dana = Person.objects.create(library=library, name="Dana Lantern", email="dana@example.org")
    Affiliation.objects.create(person=dana, organization=shelter, role="Director")
    Partnership.objects.create(library=library, organization=shelter)
    elsewhere = Organization.objects.create(library=other_library, name="Lantern Elsewhere")
    Person.objects.create(library=other_library, name="Lantern Outsider")
    Partnership.objects.create(library=other_library, organization=elsewhere)
    return shelter


def search(client, slug, q):
    return client.get(reverse("search", args=[slug]), {"q": q})


@pytest.mark.django_db
def test_finds_each_kind_grouped_in_this_library_only(staff_client, records):
    response = search(staff_client, "riverton", "lantern")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [o.name for o in groups["organizations"][0]] == ["Lantern House"]
    assert [p.name for p in groups["people"][0]] == ["Dana Lantern"]
    assert [p.organization.name for p in groups["partnerships"][0]] == ["Lantern House"]
    html = response.content.decode()
    assert "Elsewhere" not in html and "Outsider" not in html
    assert "<mark>Lantern</mark> House" in html
    assert '<label for="site-search-q">Search this library</label>' in html
    assert html.index('id="found-organizations"') < html.index('id="found-people"')


@pytest.mark.django_db
def test_a_word_of_the_notes_finds_the_organization_and_its_partnership(staff_client, records):
    groups = search(staff_client, "riverton", "homeless").context["groups"]
    assert [o.name for o in groups["organizations"][0]] == ["Lantern House"]
    assert len(groups["partnerships"][0]) == 1 and groups["people"][0] == []


@pytest.mark.django_db
def test_nothing_found_and_no_words(staff_client, records):
    assert "Nothing matches" in search(staff_client, "riverton", "zebra").content.decode()
    empty = search(staff_client, "riverton", "")
    assert empty.status_code == 200 and empty.context["groups"] == {}


@pytest.mark.django_db
def test_volunteers_may_search(volunteer_client, records):
    assert search(volunteer_client, "riverton", "lantern").status_code == 200


@pytest.mark.django_db
def test_another_librarys_user_gets_404(outsider_client, records):
    assert search(outsider_client, "riverton", "lantern").status_code == 404
