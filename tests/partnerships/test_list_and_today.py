"""The partners list (filters, sort, pagination, constant queries) and the Today page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.goals.models import Goal, GoalStatus
from allies.partnerships.models import Partnership, Stage, Term

LIST = reverse("partnerships:list", args=["riverton"])
TODAY = reverse("today", args=["riverton"])


def make(library, count, **fields):
    start = Organization.objects.filter(library=library).count()
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                library=library,
                name=f"Org {start + i:04d}",
                sector=fields.pop("sector", "nonprofit"),
            )
            for i in range(count)
        ]
    )
    return Partnership.objects.bulk_create(
        [Partnership(library=library, organization=o, **fields) for o in organizations]
    )


def names(response):
    return [p.organization.name for p in response.context["page_obj"].object_list]


def test_filters_by_stage_term_lead_and_sector(staff_client, library, staff, owner):
    make(library, 2, stage=Stage.PILOT, term=Term.SHORT, lead=staff)
    make(library, 3, stage=Stage.ACTIVE, term=Term.LONG, lead=owner)
    Partnership.objects.create(
        library=library,
        organization=Organization.objects.create(
            library=library, name="City Hall", sector="government"
        ),
        stage=Stage.ACTIVE,
    )
    assert len(names(staff_client.get(LIST + "?stage=pilot"))) == 2
    assert len(names(staff_client.get(LIST + "?term=long"))) == 3
    assert len(names(staff_client.get(LIST + f"?lead={owner.pk}"))) == 3
    assert len(names(staff_client.get(LIST + "?lead=me"))) == 2
    assert names(staff_client.get(LIST + "?sector=government")) == ["City Hall"]
    assert names(staff_client.get(LIST + "?q=city+hall")) == ["City Hall"]
    assert len(names(staff_client.get(LIST + "?stage=active&term=long"))) == 3


def test_bad_filter_values_show_everything_instead_of_an_error(staff_client, library):
    make(library, 2, stage=Stage.PILOT)
    response = staff_client.get(LIST + "?stage=nonsense&lead=999999&sort=evil")
    assert response.status_code == 200
    assert len(names(response)) == 2


def test_sorts_by_pipeline_stage_by_default_and_by_name_on_request(staff_client, library):
    make(library, 1, stage=Stage.ACTIVE)  # Org 0000
    make(library, 1, stage=Stage.PROSPECT)  # Org 0001
    assert names(staff_client.get(LIST)) == ["Org 0001", "Org 0000"]
    assert names(staff_client.get(LIST + "?sort=name")) == ["Org 0000", "Org 0001"]


def test_paginates_by_fifty_with_constant_queries(staff_client, library, staff):
    make(library, 12, lead=staff)
    staff_client.get(LIST)  # the first visit also saves the session
    with CaptureQueriesContext(connection) as few:
        staff_client.get(LIST)
    make(library, 60, lead=staff)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(LIST)
    assert len(many) == len(few)
    assert len(names(response)) == 50
    second = staff_client.get(LIST + "?page=2&stage=prospect")
    assert len(names(second)) == 22
    assert "stage=prospect&amp;page=1" in second.content.decode()


def test_volunteer_can_read_the_list_but_sees_no_start_button(volunteer_client, library):
    response = volunteer_client.get(LIST)
    assert response.status_code == 200
    assert reverse("partnerships:create", args=["riverton"]) not in response.content.decode()


def test_outsider_gets_404_on_the_list(outsider_client, library):
    assert outsider_client.get(LIST).status_code == 404


# Today


def test_today_counts_partnerships_by_stage(staff_client, library, other_library):
    make(library, 3, stage=Stage.PILOT)
    make(library, 1, stage=Stage.ACTIVE)
    archived = make(library, 2, stage=Stage.PILOT)
    Partnership.objects.filter(pk__in=[p.pk for p in archived]).update(archived_at=timezone.now())
    make(other_library, 5, stage=Stage.PILOT)
    response = staff_client.get(TODAY)
    counts = {stage: count for stage, _label, count in response.context["stages"]}
    assert counts[Stage.PILOT] == 3
    assert counts[Stage.ACTIVE] == 1
    assert counts[Stage.PROSPECT] == 0
    assert len(counts) == len(Stage.values)
    assert f"{LIST}?stage=pilot" in response.content.decode()


def test_today_shows_mine_due_declines_and_active_goals(staff_client, library, staff, owner):
    mine = make(library, 1, stage=Stage.ACTIVE, lead=staff)[0]
    make(library, 1, stage=Stage.ACTIVE, lead=owner)
    make(library, 1, stage=Stage.ENDED, lead=staff)
    day = timezone.localdate()
    due = make(library, 1, stage=Stage.DECLINED, try_again_on=day)[0]
    make(library, 1, stage=Stage.DECLINED, try_again_on=day + datetime.timedelta(days=1))
    goal = Goal.objects.create(library=library, statement="Two more public computers", deadline=day)
    Goal.objects.create(library=library, statement="Old idea", status=GoalStatus.SET_ASIDE)
    response = staff_client.get(TODAY)
    assert list(response.context["mine"]) == [mine]
    assert list(response.context["try_again"]) == [due]
    assert list(response.context["goals"]) == [goal]
    assert "Two more public computers" in response.content.decode()
    assert "Old idea" not in response.content.decode()


def test_an_empty_library_says_what_to_do_first(staff_client, library):
    text = staff_client.get(TODAY).content.decode()
    assert "Add the organizations you already work with" in text
    assert reverse("directory:organizations", args=["riverton"]) in text


@pytest.mark.django_db
def test_today_for_a_volunteer(volunteer_client, library):
    make(library, 1, stage=Stage.PILOT)
    response = volunteer_client.get(TODAY)
    assert response.status_code == 200
    assert "Start a partnership" not in response.content.decode()
