"""The landscape: who reaches an audience, the library's partnerships among them, the matrix."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization, Sector
from allies.matching.landscape import audience_sector_matrix
from allies.partnerships.models import Partnership, Stage


@pytest.fixture
def seniors(library):
    return Audience.objects.create(library=library, name="Seniors at home", slug="ls-seniors")


@pytest.fixture
def teens(library):
    return Audience.objects.create(library=library, name="Teens after school", slug="ls-teens")


def _org(library, name, sector, *audiences, city=""):
    organization = Organization.objects.create(library=library, name=name, sector=sector, city=city)
    organization.audiences.add(*audiences)
    return organization


@pytest.fixture
def directory(library, seniors, teens):
    return {
        "meals": _org(library, "Meals on Wheels", Sector.NONPROFIT, seniors, city="Riverton"),
        "church": _org(library, "First Church", Sector.FAITH, seniors, teens),
        "club": _org(library, "Rotary Club", Sector.SERVICE_CLUB, teens),
        "school": _org(library, "Riverton High", Sector.SCHOOL, teens),
        "bank": _org(library, "Riverton Bank", Sector.BUSINESS),
    }


def _url(library):
    return reverse("matching:landscape", args=[library.slug])


def test_matrix_counts_match_the_data(library, directory, seniors, teens):
    matrix = audience_sector_matrix(library)
    counts = {
        (row.audience.pk, cell.sector): cell.count for row in matrix.rows for cell in row.cells
    }
    expected = {}
    for organization in Organization.objects.filter(library=library):
        for audience in organization.audiences.all():
            key = (audience.pk, organization.sector)
            expected[key] = expected.get(key, 0) + 1
    assert {k: v for k, v in counts.items() if v} == expected
    assert counts[(teens.pk, Sector.SCHOOL)] == 1
    assert counts[(seniors.pk, Sector.SCHOOL)] == 0
    # only sectors with at least one organization reaching an audience are columns
    assert [value for value, _label in matrix.sectors] == [
        Sector.SCHOOL,
        Sector.NONPROFIT,
        Sector.FAITH,
        Sector.SERVICE_CLUB,
    ]
    assert {row.audience.pk: row.total for row in matrix.rows}[teens.pk] == 3


def test_matrix_is_one_query_for_the_counts(library, directory, django_assert_num_queries):
    with django_assert_num_queries(2):  # the counts, and the audiences for the rows
        audience_sector_matrix(library)


def test_matrix_ignores_another_library(library, other_library, directory, teens):
    theirs = Audience.objects.create(library=other_library, name="Theirs", slug="ls-theirs")
    _org(other_library, "Their School", Sector.SCHOOL, theirs)
    matrix = audience_sector_matrix(library)
    assert theirs.pk not in {row.audience.pk for row in matrix.rows}
    school = {row.audience.pk: row for row in matrix.rows}[teens.pk]
    assert {c.sector: c.count for c in school.cells}[Sector.SCHOOL] == 1


def test_matrix_links_to_the_filtered_organization_list(staff_client, library, directory, teens):
    response = staff_client.get(_url(library))
    assert response.status_code == 200
    html = response.content.decode()
    link = (
        reverse("directory:organizations", args=[library.slug])
        + f"?audience={teens.pk}&amp;sector=school"
    )
    assert link in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    # the link lists exactly the organizations counted
    listed = staff_client.get(
        reverse("directory:organizations", args=[library.slug]),
        {"audience": teens.pk, "sector": "school"},
    )
    assert [o.name for o in listed.context["page_obj"].object_list] == ["Riverton High"]


def test_audience_shows_who_serves_it_and_the_librarys_partnerships(
    staff_client, library, directory, seniors
):
    Partnership.objects.create(library=library, organization=directory["meals"], stage=Stage.ACTIVE)
    Partnership.objects.create(library=library, organization=directory["club"])  # teens only
    response = staff_client.get(_url(library), {"audience": seniors.pk})
    assert response.status_code == 200
    names = [o.name for o in response.context["page_obj"].object_list]
    assert names == ["First Church", "Meals on Wheels"]
    meals = response.context["page_obj"].object_list[1]
    assert [p.stage_label for p in meals.open_partnerships] == ["Active"]
    assert [p.organization.name for p in response.context["partnerships"]] == ["Meals on Wheels"]
    html = response.content.decode()
    assert "Riverton" in html and "Faith community" in html


def test_organizations_are_paginated(staff_client, library, seniors):
    for i in range(55):
        _org(library, f"Senior Center {i:02}", Sector.NONPROFIT, seniors)
    first = staff_client.get(_url(library), {"audience": seniors.pk})
    assert len(first.context["page_obj"].object_list) == 50
    assert first.context["page_obj"].paginator.count == 55
    second = staff_client.get(_url(library), {"audience": seniors.pk, "page": 2})
    assert [o.name for o in second.context["page_obj"].object_list][-1] == "Senior Center 54"


def test_no_audience_chosen_shows_only_the_matrix(staff_client, library, directory):
    response = staff_client.get(_url(library))
    assert "page_obj" not in response.context
    assert "Audiences by sector" in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_bad_audience_is_refused(staff_client, library, directory, bad):
    response = staff_client.get(_url(library), {"audience": bad})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "page_obj" not in response.context


def test_another_librarys_audience_is_refused(staff_client, library, other_library, directory):
    theirs = Audience.objects.create(library=other_library, name="Theirs", slug="ls-theirs")
    _org(other_library, "Their School", Sector.SCHOOL, theirs)
    response = staff_client.get(_url(library), {"audience": theirs.pk})
    assert response.context["form"].errors
    assert "Their School" not in response.content.decode()


def test_volunteer_can_look(volunteer_client, library, directory, teens):
    response = volunteer_client.get(_url(library), {"audience": teens.pk})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 3


def test_outsider_gets_404(outsider_client, library, directory, teens):
    assert outsider_client.get(_url(library)).status_code == 404
    assert outsider_client.get(_url(library), {"audience": teens.pk}).status_code == 404


def test_directory_nav_links_to_the_landscape(staff_client, library):
    response = staff_client.get(reverse("directory:organizations", args=[library.slug]))
    assert _url(library) in response.content.decode()


def test_inferred_members_are_listed_and_marked_as_suggested(staff_client, library, directory):
    from allies.matching.features import forget_features

    forget_features()
    homeless = Audience.objects.get(library=library, slug="people-experiencing-homelessness")
    tagged = _org(library, "Hope House", Sector.NONPROFIT, homeless)
    Organization.objects.create(library=library, name="Northside Warming Shelter")
    response = staff_client.get(_url(library), {"audience": homeless.pk})
    listed = response.context["page_obj"].object_list
    assert [o.name for o in listed] == ["Hope House", "Northside Warming Shelter"]
    assert listed[0].suggested_because == "" and listed[0].pk == tagged.pk
    assert listed[1].suggested_because == "their name says “Warming Shelter”"
    html = response.content.decode()
    assert "1 of them suggested from their records" in html
