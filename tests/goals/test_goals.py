"""Advocacy goals: list, page, create, edit; only this library's audiences, people and resources."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Person, Resource
from allies.goals.models import Goal, GoalStatus

GOALS = reverse("goals:goals", args=["riverton"])
CREATE = reverse("goals:goal_create", args=["riverton"])


def goal_url(name, goal):
    app = "matching" if name in ("goal_rank", "goal_brokering") else "goals"
    return reverse(f"{app}:{name}", args=["riverton", goal.pk])


@pytest.fixture
def councillor(library):
    return Person.objects.create(library=library, name="Councillor Ana Ruiz")


@pytest.fixture
def goal(library):
    return Goal.objects.create(
        library=library, statement="Fund two more public computers", deadline="2027-03-01"
    )


def vocab(model, library, slug):
    return model.objects.get(library=library, slug=slug)


def test_create_a_goal_with_audiences_people_and_resources(staff_client, library, councillor):
    teens = vocab(Audience, library, "teens")
    seniors = vocab(Audience, library, "seniors")
    funding = vocab(Resource, library, "funding")
    response = staff_client.post(
        CREATE,
        {
            "statement": "Fund two more public computers before next year's budget review",
            "description": "The waiting list for the computers is 40 minutes long.",
            "deadline": "2027-03-01",
            "status": GoalStatus.ACTIVE,
            "primary_audiences": [teens.pk],
            "secondary_audiences": [seniors.pk],
            "decision_makers": [councillor.pk],
            "resources_needed": [funding.pk],
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == goal_url("goal", goal)
    assert goal.library == library
    assert list(goal.primary_audiences.all()) == [teens]
    assert list(goal.secondary_audiences.all()) == [seniors]
    assert list(goal.decision_makers.all()) == [councillor]
    assert list(goal.resources_needed.all()) == [funding]
    page = staff_client.get(goal_url("goal", goal)).content.decode()
    assert "Councillor Ana Ruiz" in page and "Teens" in page and "Funding" in page
    assert "History" in page


def test_a_goal_needs_a_statement(staff_client):
    response = staff_client.post(CREATE, {"statement": "", "status": GoalStatus.ACTIVE})
    assert "statement" in response.context["form"].errors
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "field", ["primary_audiences", "secondary_audiences", "decision_makers", "resources_needed"]
)
def test_ids_from_another_library_are_refused(staff_client, other_library, field):
    forged = {
        "primary_audiences": lambda: Audience.objects.filter(library=other_library).first(),
        "secondary_audiences": lambda: Audience.objects.filter(library=other_library).first(),
        "decision_makers": lambda: Person.objects.create(library=other_library, name="Not ours"),
        "resources_needed": lambda: Resource.objects.filter(library=other_library).first(),
    }[field]()
    response = staff_client.post(
        CREATE, {"statement": "A goal", "status": GoalStatus.ACTIVE, field: [forged.pk]}
    )
    assert field in response.context["form"].errors
    assert not Goal.objects.exists()


def test_edit_a_goal_and_see_it_in_the_history(staff_client, goal, councillor):
    form = staff_client.get(goal_url("goal_edit", goal)).context["form"]
    data = {
        "statement": goal.statement,
        "deadline": "2027-04-15",
        "status": GoalStatus.ACTIVE,
        "decision_makers": [councillor.pk],
        "loaded_version": form.initial["loaded_version"],
    }
    assert staff_client.post(goal_url("goal_edit", goal), data).status_code == 302
    goal.refresh_from_db()
    assert str(goal.deadline) == "2027-04-15"
    assert list(goal.decision_makers.all()) == [councillor]
    history = staff_client.get(goal_url("goal", goal)).context["history"]
    assert any(change["field"] == "deadline" for entry in history for change in entry["changes"])


def test_an_edit_that_collides_is_detected(staff_client, goal):
    form = staff_client.get(goal_url("goal_edit", goal)).context["form"]
    Goal.objects.filter(pk=goal.pk).update(statement="Their statement")
    fresh = Goal.objects.get(pk=goal.pk)
    fresh.save()  # moves updated_at on
    data = {
        "statement": "My statement",
        "status": GoalStatus.ACTIVE,
        "loaded_version": form.initial["loaded_version"],
    }
    response = staff_client.post(goal_url("goal_edit", goal), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved this advocacy goal at" in text
    assert "Their statement" in text
    assert response.context["form"]["statement"].value() == "My statement"
    goal.refresh_from_db()
    assert goal.statement == "Their statement"


def test_the_list_filters_by_status_and_says_what_to_do_when_empty(staff_client, library, goal):
    Goal.objects.create(library=library, statement="Old idea", status=GoalStatus.SET_ASIDE)
    response = staff_client.get(GOALS + "?status=set_aside")
    assert [g.statement for g in response.context["page_obj"].object_list] == ["Old idea"]
    Goal.objects.all().delete()
    text = staff_client.get(GOALS).content.decode()
    assert "Fund two more public computers before next year" in text
    assert CREATE in text


def test_goals_of_another_library_are_404(staff_client, other_library):
    theirs = Goal.objects.create(library=other_library, statement="Not ours")
    assert staff_client.get(goal_url("goal", theirs)).status_code == 404
    assert staff_client.get(goal_url("goal_edit", theirs)).status_code == 404


def test_outsider_gets_404_everywhere(outsider_client, goal):
    for path in (GOALS, CREATE, goal_url("goal", goal), goal_url("goal_edit", goal)):
        assert outsider_client.get(path).status_code == 404
        assert outsider_client.post(path).status_code == 404


def test_volunteer_reads_but_cannot_change(volunteer_client, goal):
    assert volunteer_client.get(GOALS).status_code == 200
    page = volunteer_client.get(goal_url("goal", goal))
    assert page.status_code == 200
    assert goal_url("goal_edit", goal) not in page.content.decode()
    assert volunteer_client.get(CREATE).status_code == 403
    assert volunteer_client.post(CREATE, {"statement": "x", "status": "active"}).status_code == 403
    assert volunteer_client.get(goal_url("goal_edit", goal)).status_code == 403
    assert volunteer_client.post(goal_url("goal_edit", goal), {"statement": "x"}).status_code == 403
    assert not Goal.objects.filter(statement="x").exists()


def test_the_goal_page_shows_its_kinds_and_an_edit_keeps_them(staff_client, goal):
    page = staff_client.get(goal_url("goal", goal)).content.decode()
    assert "Any kind (the ranking suggests the kinds most common among its best" in page
    assert "Any name (type words under “Name has” on the ranking" in page
    goal.set_kinds(["L", "p30"])
    goal.set_names("Legion, VFW")
    goal.save()
    page = staff_client.get(goal_url("goal", goal)).content.decode()
    assert '<span class="tag">All of Housing &amp; Shelter</span>' in page
    assert '<span class="tag">P30 Children &amp; Youth Services</span>' in page
    assert '<span class="tag">legion, vfw</span>' in page
    form = staff_client.get(goal_url("goal_edit", goal)).context["form"]
    data = {
        "statement": "A new statement",
        "status": GoalStatus.ACTIVE,
        "loaded_version": form.initial["loaded_version"],
    }
    assert staff_client.post(goal_url("goal_edit", goal), data).status_code == 302
    goal.refresh_from_db()
    assert goal.statement == "A new statement" and goal.kinds == ["L", "P30"]
    assert goal.names == "legion, vfw"
    # The history says which kinds, in words.
    history = staff_client.get(goal_url("goal", goal)).context["history"]
    changes = [change for entry in history for change in entry["changes"]]
    assert {
        "field": "kinds of organization",
        "old": "",
        "new": ("All of Housing & Shelter, P30 Children & Youth Services"),
    } in changes
    assert {"field": "words of names", "old": "", "new": "legion, vfw"} in changes
