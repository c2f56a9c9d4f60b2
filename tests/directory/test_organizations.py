"""The organization list, page and forms: access, filters, pagination, validation, history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allies.directory.models import Audience, Organization, Resource
from allies.partnerships.models import Partnership


def url(name, library, *args):
    return reverse(f"directory:{name}", args=[library.slug, *args])


def make(library, name, **fields):
    return Organization.objects.create(library=library, name=name, **fields)


@pytest.fixture
def teens(library):
    return Audience.objects.get(library=library, slug="teens")


@pytest.fixture
def funding(library):
    return Resource.objects.get(library=library, slug="funding")


@pytest.fixture
def rotary(library, teens, funding):
    organization = make(
        library,
        "Riverton Rotary Club",
        sector="service_club",
        city="Riverton",
        ntee_code="S80",
        mission="Service above self.",
        zip_code="05602",
    )
    organization.audiences.add(teens)
    organization.resources.add(funding)
    return organization


def valid_form(**changes):
    data = {
        "name": "Riverton Food Shelf",
        "sector": "nonprofit",
        "city": "Riverton",
        "state": "vt",
        "zip_code": "05602",
        "email": "hello@foodshelf.example",
        "website": "foodshelf.example",
        "ein": "03-0179421",
        "ntee_code": "k31",
    }
    data.update(changes)
    return data


# Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["organizations", "organization_create"])
def test_outsider_gets_404_on_list_pages(outsider_client, library, name):
    assert outsider_client.get(url(name, library)).status_code == 404


@pytest.mark.parametrize("name", ["organization", "organization_edit"])
def test_outsider_gets_404_on_record_pages(outsider_client, library, rotary, name):
    assert outsider_client.get(url(name, library, rotary.pk)).status_code == 404
    assert outsider_client.post(url(name, library, rotary.pk), valid_form()).status_code == 404


def test_outsider_cannot_create_by_post(outsider_client, library):
    assert (
        outsider_client.post(url("organization_create", library), valid_form()).status_code == 404
    )
    assert not Organization.objects.filter(name="Riverton Food Shelf").exists()


def test_another_librarys_organization_is_404_for_staff(staff_client, library, other_library):
    theirs = make(other_library, "Elsewhere Lions")
    assert staff_client.get(url("organization", library, theirs.pk)).status_code == 404
    assert staff_client.get(url("organization_edit", library, theirs.pk)).status_code == 404


def test_volunteer_reads_but_cannot_change(volunteer_client, library, rotary):
    assert volunteer_client.get(url("organizations", library)).status_code == 200
    assert volunteer_client.get(url("organization", library, rotary.pk)).status_code == 200
    assert volunteer_client.get(url("organization_create", library)).status_code == 403
    assert (
        volunteer_client.post(url("organization_create", library), valid_form()).status_code == 403
    )
    assert volunteer_client.get(url("organization_edit", library, rotary.pk)).status_code == 403
    response = volunteer_client.post(url("organization_edit", library, rotary.pk), valid_form())
    assert response.status_code == 403
    rotary.refresh_from_db()
    assert rotary.name == "Riverton Rotary Club"


def test_volunteer_sees_no_edit_buttons(volunteer_client, library, rotary):
    page = volunteer_client.get(url("organization", library, rotary.pk)).content.decode()
    assert "Edit organization" not in page


# List -------------------------------------------------------------------------------------------


def test_the_directory_opens_on_its_organizations_keeping_the_search(staff_client, library, rotary):
    make(library, "Riverton Warming Shelter")
    assert staff_client.get(url("index", library)).url == url("organizations", library)
    response = staff_client.get(url("index", library), {"q": "shelter"}, follow=True)
    assert response.redirect_chain == [(url("organizations", library) + "?q=shelter", 302)]
    assert "Riverton Warming Shelter" in response.content.decode()
    assert "Riverton Rotary Club" not in response.content.decode()


def test_empty_library_says_what_to_do_first(staff_client, library):
    page = staff_client.get(url("organizations", library)).content.decode()
    assert "No organizations yet" in page
    assert url("organization_create", library) in page


def test_list_shows_organizations_with_audiences_and_stage(staff_client, library, rotary, staff):
    Partnership.objects.create(library=library, organization=rotary, stage="pilot")
    response = staff_client.get(url("organizations", library))
    page = response.content.decode()
    assert "Riverton Rotary Club" in page
    assert "Service club" in page
    assert "Teens" in page
    assert "Pilot" in page
    assert "1 organization" in page


def test_list_query_count_does_not_grow_with_rows(staff_client, library, teens, funding):
    make(library, "Only one").audiences.add(teens)
    staff_client.get(url("organizations", library))  # the list of cities is cached from here on
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url("organizations", library))
    for n in range(110):
        organization = make(library, f"Org {n:03}", city=f"Town {n % 7}")
        organization.audiences.add(teens)
        organization.resources.add(funding)
        Partnership.objects.create(library=library, organization=organization, stage="active")
    staff_client.get(url("organizations", library))
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url("organizations", library))
    assert len(response.context["page_obj"].object_list) == 50
    # A full page needs at most the COUNT(*) that a short first page can skip.
    assert len(many) <= len(few) + 1
    with CaptureQueriesContext(connection) as page_two:
        staff_client.get(url("organizations", library) + "?page=2")
    assert len(page_two) == len(many)


def test_pagination_fifty_per_page(staff_client, library):
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:03}", search_text=f"org {n:03}")
        for n in range(120)
    )
    first = staff_client.get(url("organizations", library))
    assert [o.name for o in first.context["page_obj"].object_list][:2] == ["Org 000", "Org 001"]
    assert len(first.context["page_obj"].object_list) == 50
    assert "Page 1 of 3" in first.content.decode()
    assert "120 organizations" in first.content.decode()
    third = staff_client.get(url("organizations", library) + "?page=3")
    assert len(third.context["page_obj"].object_list) == 20
    assert third.context["page_obj"].object_list[0].name == "Org 100"


@pytest.mark.parametrize("page", ["abc", "-3", "0", "999", "1e9"])
def test_bad_page_numbers_show_a_page_not_an_error(staff_client, library, page):
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:03}") for n in range(60)
    )
    response = staff_client.get(url("organizations", library), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].object_list


def test_pagination_links_keep_the_filters(staff_client, library):
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:03}", sector="school", search_text="org")
        for n in range(60)
    )
    page = staff_client.get(url("organizations", library), {"sector": "school"}).content.decode()
    assert "?sector=school&amp;page=2" in page


def filtered(client, library, **params):
    response = client.get(url("organizations", library), params)
    assert response.status_code == 200
    return sorted(o.name for o in response.context["page_obj"].object_list)


def test_filter_by_sector_audience_resource_city(staff_client, library, rotary, teens, funding):
    make(library, "Riverton High School", sector="school", city="Riverton")
    make(library, "Hilltop Foundation", sector="foundation", city="Hilltop").resources.add(funding)
    assert filtered(staff_client, library, sector="school") == ["Riverton High School"]
    assert filtered(staff_client, library, audience=teens.pk) == ["Riverton Rotary Club"]
    assert filtered(staff_client, library, resource=funding.pk) == [
        "Hilltop Foundation",
        "Riverton Rotary Club",
    ]
    assert filtered(staff_client, library, city="Hilltop") == ["Hilltop Foundation"]
    assert filtered(staff_client, library, city="Riverton", sector="service_club") == [
        "Riverton Rotary Club"
    ]


def test_filter_by_partnership_stage_ignores_archived(staff_client, library, rotary):
    school = make(library, "Riverton High School")
    Partnership.objects.create(library=library, organization=rotary, stage="active")
    old = Partnership.objects.create(library=library, organization=school, stage="active")
    old.archive()
    Partnership.objects.create(library=library, organization=school, stage="prospect")
    assert filtered(staff_client, library, stage="active") == ["Riverton Rotary Club"]
    assert filtered(staff_client, library, stage="prospect") == ["Riverton High School"]


def test_another_librarys_audience_id_is_ignored_not_leaked(staff_client, library, other_library):
    make(library, "Ours")
    theirs = Audience.objects.get(library=other_library, slug="teens")
    response = staff_client.get(url("organizations", library), {"audience": theirs.pk})
    assert response.status_code == 200
    assert filtered(staff_client, library, audience=theirs.pk) == ["Ours"]


@pytest.mark.parametrize(
    "params", [{"sector": "spaceship"}, {"city": "Atlantis"}, {"stage": "x"}, {"sort": "drop"}]
)
def test_invalid_filter_values_do_not_break_the_page(staff_client, library, params):
    make(library, "Ours")
    response = staff_client.get(url("organizations", library), params)
    assert response.status_code == 200
    assert "Ours" in response.content.decode()


def test_sort_by_city_and_recently_updated(staff_client, library):
    a = make(library, "Alpha", city="Zeta")
    make(library, "Beta", city="Alpha town")
    make(library, "Gamma", city="Middle")
    assert [
        o.name
        for o in staff_client.get(url("organizations", library), {"sort": "city"})
        .context["page_obj"]
        .object_list
    ] == ["Beta", "Gamma", "Alpha"]
    a.notes = "touched"
    a.save()
    newest = staff_client.get(url("organizations", library), {"sort": "updated"})
    assert newest.context["page_obj"].object_list[0].name == "Alpha"


def test_city_choices_follow_new_organizations(staff_client, library):
    make(library, "One", city="Riverton")
    first = staff_client.get(url("organizations", library)).context["filters"]
    assert [c for c, _ in first.fields["city"].choices][1:] == ["Riverton"]
    make(library, "Two", city="Hilltop")
    second = staff_client.get(url("organizations", library)).context["filters"]
    assert [c for c, _ in second.fields["city"].choices][1:] == ["Hilltop", "Riverton"]


def test_no_match_says_what_to_try(staff_client, library, rotary):
    page = staff_client.get(url("organizations", library), {"q": "zebra"}).content.decode()
    assert "No organization matches" in page
    assert "0 organizations match" in page


# Record page ------------------------------------------------------------------------------------


def test_page_shows_all_fields_ntee_title_people_and_partnership(
    staff_client, library, rotary, staff
):
    from allies.directory.models import Affiliation, Person

    ada = Person.objects.create(library=library, name="Ada Chair")
    bob = Person.objects.create(library=library, name="Bob Gone")
    Affiliation.objects.create(person=ada, organization=rotary, role="President")
    Affiliation.objects.create(
        person=bob, organization=rotary, role="Treasurer", ended_on="2024-05-01"
    )
    Partnership.objects.create(library=library, organization=rotary, stage="exploring", lead=staff)
    page = staff_client.get(url("organization", library, rotary.pk)).content.decode()
    assert "S80" in page and rotary.ntee_title and rotary.ntee_title in page
    assert "Service above self." in page
    assert "Teens" in page and "Funding" in page
    assert "05602" in page
    assert "President" in page
    current, former = page.split("Former", 1)
    assert "Ada Chair" in current and "Bob Gone" not in current
    assert "Bob Gone" in former
    assert "Exploring" in page and "Sam Staff" in page
    assert "History" in page


# Create and edit --------------------------------------------------------------------------------


def test_staff_adds_an_organization(staff_client, library, teens, funding):
    response = staff_client.post(
        url("organization_create", library),
        valid_form(audiences=[teens.pk], resources=[funding.pk]),
    )
    organization = Organization.objects.get(library=library, name="Riverton Food Shelf")
    assert response.status_code == 302
    assert response["Location"] == url("organization", library, organization.pk)
    assert organization.ein == "030179421"
    assert organization.ntee_code == "K31"
    assert organization.state == "VT"
    assert organization.website == "https://foodshelf.example"
    assert list(organization.audiences.all()) == [teens]
    assert list(organization.resources.all()) == [funding]
    assert "riverton food shelf" in organization.search_text


def test_form_offers_only_this_librarys_vocabularies(staff_client, library, other_library):
    form = staff_client.get(url("organization_create", library)).context["form"]
    ids = {a.pk for a in form.fields["audiences"].queryset}
    assert ids == set(Audience.objects.filter(library=library).values_list("pk", flat=True))
    assert not ids & set(
        Audience.objects.filter(library=other_library).values_list("pk", flat=True)
    )


def test_forged_audience_from_another_library_is_refused(staff_client, library, other_library):
    theirs = Audience.objects.get(library=other_library, slug="teens")
    response = staff_client.post(
        url("organization_create", library), valid_form(audiences=[theirs.pk])
    )
    assert response.status_code == 200
    assert "Choose from this library" in response.content.decode()
    assert not Organization.objects.filter(name="Riverton Food Shelf").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("zip_code", "0560", "ZIP code of five digits"),
        ("zip_code", "ABCDE", "ZIP code of five digits"),
        ("email", "not-an-address", "like name@example.org"),
        ("website", "http://", "like https://example.org"),
        ("name", "   ", "Enter the organization"),
        ("ntee_code", "library", "NTEE code is a letter"),
        ("ein", "12-34", "EIN has nine digits"),
        ("state", "Vermont", "two-letter code"),
        ("sector", "spaceship", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    staff_client, library, field, value, message
):
    response = staff_client.post(url("organization_create", library), valid_form(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Organization.objects.filter(library=library).exists()


def test_edit_is_saved_and_shown_in_history(staff_client, library, rotary, teens):
    form = staff_client.get(url("organization_edit", library, rotary.pk)).context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("audiences", "resources")
    }
    data.update(city="Hilltop", audiences=[teens.pk], resources=[])
    response = staff_client.post(url("organization_edit", library, rotary.pk), data)
    assert response.status_code == 302
    rotary.refresh_from_db()
    assert rotary.city == "Hilltop"
    assert not rotary.resources.exists()
    page = staff_client.get(url("organization", library, rotary.pk)).content.decode()
    assert "Hilltop" in page
    assert "<del>Riverton</del>" in page
    assert "Sam Staff" in page


def test_edit_over_someone_elses_newer_save_is_refused(staff_client, library, rotary):
    form = staff_client.get(url("organization_edit", library, rotary.pk)).context["form"]
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("audiences", "resources")
    }
    rotary.mission = "Their newer mission"
    rotary.save()
    data["mission"] = "My older idea"
    response = staff_client.post(url("organization_edit", library, rotary.pk), data)
    assert response.status_code == 200
    assert "Someone else saved" in response.content.decode()
    rotary.refresh_from_db()
    assert rotary.mission == "Their newer mission"
