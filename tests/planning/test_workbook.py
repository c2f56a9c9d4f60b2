"""The action plan workbook: what is missing, items as reminders, forged ids, who may do what."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.partnerships.models import Commitment, CommitmentStatus, LogEntry, Partnership, Side
from allies.planning import workbook
from allies.planning.models import ActionPlan, ItemKind, PlanItem, PlanStatus, Progress
from allies.stewardship import reminders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def _partner(library, name, stage="active", lead=None):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, lead=lead
    )


@pytest.fixture
def goal(library):
    return Goal.objects.create(library=library, statement="Two more public computers")


@pytest.fixture
def plan(goal):
    return workbook.plan_for_goal(goal)


def _url(plan, suffix=""):
    return f"/l/{plan.library.slug}/plan/{plan.pk}/{suffix}"


def _fill(plan, owner, *, opportunities, for_partners, answer="The club: they reach job seekers."):
    plan.partners_who_could_help = answer
    plan.save()
    for number in range(opportunities):
        prospect = _partner(plan.library, f"Prospect {number}", stage="prospect")
        workbook.add_item(
            plan, kind=ItemKind.OPPORTUNITY, partnership=prospect, by=owner, what="Ask"
        )
    for number in range(for_partners):
        partner = _partner(plan.library, f"Partner {number}")
        workbook.add_item(
            plan,
            kind=ItemKind.FOR_PARTNER,
            partnership=partner,
            by=owner,
            what=f"Thank them {number}",
            due_on=TODAY + datetime.timedelta(days=30),
        )


# What is missing -------------------------------------------------------------------------------


def test_an_empty_plan_misses_the_answer_two_opportunities_and_three_things(plan):
    assert workbook.missing(plan, []) == [
        "Answer which partners could help and why",
        "Add two new opportunities to explore",
        "Add three things to do for current partners",
    ]


@pytest.mark.parametrize(
    ("opportunities", "for_partners", "expected"),
    [
        (1, 3, ["Add one more new opportunity"]),
        (2, 3, []),
        (2, 1, ["Add two more things to do for current partners"]),
        (2, 2, ["Add one more thing to do for current partners"]),
        (3, 4, []),
    ],
)
def test_missing_at_the_edges(plan, owner, opportunities, for_partners, expected):
    _fill(plan, owner, opportunities=opportunities, for_partners=for_partners)
    assert workbook.missing(plan, workbook.items_of(plan)) == expected


def test_a_blank_answer_is_missing_and_a_dropped_item_does_not_count(plan, owner):
    _fill(plan, owner, opportunities=2, for_partners=3, answer="   ")
    items = workbook.items_of(plan)
    assert workbook.missing(plan, items) == ["Answer which partners could help and why"]
    opportunity = next(item for item in items if item.kind == ItemKind.OPPORTUNITY)
    workbook.set_progress(opportunity, Progress.DROPPED, by=owner, day=TODAY)
    assert "Add one more new opportunity" in workbook.missing(plan, workbook.items_of(plan))


def test_the_page_says_what_is_missing_and_finishing_is_refused_until_complete(
    owner_client, plan, owner
):
    _fill(plan, owner, opportunities=1, for_partners=2)
    page = owner_client.get(_url(plan)).content.decode()
    assert "Add one more new opportunity" in page
    assert "Add one more thing to do for current partners" in page

    response = owner_client.post(_url(plan, "finish/"), follow=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert "cannot be finished yet: Add one more new opportunity" in response.content.decode()

    _fill(plan, owner, opportunities=1, for_partners=1)
    owner_client.post(_url(plan, "finish/"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FINISHED
    assert (plan.finished_on, plan.finished_by) == (timezone.localdate(), owner)
    assert plan.history.first().history_change_reason == "Finished"
    owner_client.post(_url(plan, "reopen/"))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.finished_on is None


# Items, commitments and reminders ---------------------------------------------------------------


def test_a_thing_to_do_for_a_partner_becomes_a_dated_promise_and_a_reminder(
    owner_client, plan, owner, library
):
    partner = _partner(library, "Hearthstone Club", lead=owner)
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = owner_client.post(
        _url(plan, "items/new/"),
        {
            "kind": "for_partner",
            "partnership": partner.pk,
            "what": "Send the reading results",
            "why": "They funded the prizes",
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(plan=plan)
    commitment = item.commitment
    assert (commitment.owed_by, commitment.what, commitment.due_on, commitment.partnership) == (
        Side.LIBRARY,
        "Send the reading results",
        due,
        partner,
    )
    found = [
        r
        for r in reminders.reminders_for(library, day=timezone.localdate())
        if r.key.startswith(f"commitment:{commitment.pk}:")
    ]
    assert len(found) == 1 and "Send the reading results" in found[0].text
    assert found[0].assignee_id == owner.pk
    assert "On Today now" in owner_client.get(_url(plan)).content.decode()
    assert LogEntry.objects.filter(
        partnership=partner, summary="To do, from the action plan: Send the reading results"
    ).exists()
    # Not due yet a month before: no reminder.
    early = timezone.localdate() - datetime.timedelta(days=30)
    assert not [
        r
        for r in reminders.reminders_for(library, day=early)
        if r.kind == reminders.Kind.COMMITMENT
    ]


def test_done_on_today_is_done_in_the_plan_and_done_in_the_plan_is_kept(plan, owner, library):
    partner = _partner(library, "Hearthstone Club", lead=owner)
    day = timezone.localdate()
    item = workbook.add_item(
        plan,
        kind=ItemKind.FOR_PARTNER,
        partnership=partner,
        by=owner,
        what="Thank-you card",
        due_on=day - datetime.timedelta(days=1),
    )
    reminder = next(
        r for r in reminders.reminders_for(library, day=day) if r.kind == reminders.Kind.COMMITMENT
    )
    reminders.mark_done(library, reminder, by=owner, day=day)
    item = PlanItem.objects.get(pk=item.pk)
    assert item.current_progress == Progress.DONE

    # The other way: reopened in the plan, the promise is open again; done there, it is kept.
    workbook.set_progress(item, Progress.UNDER_WAY, by=owner, day=day)
    assert item.commitment.status == CommitmentStatus.OPEN
    assert item.current_progress == Progress.UNDER_WAY
    workbook.set_progress(item, Progress.DONE, by=owner, day=day)
    commitment = Commitment.objects.get(pk=item.commitment_id)
    assert (commitment.status, commitment.done_on) == (CommitmentStatus.KEPT, day)
    assert not [
        r for r in reminders.reminders_for(library, day=day) if r.kind == reminders.Kind.COMMITMENT
    ]
    assert LogEntry.objects.filter(summary="Done, from the action plan: Thank-you card").exists()
    workbook.set_progress(item, Progress.DROPPED, by=owner, day=day)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.MISSED
    assert PlanItem.objects.get(pk=item.pk).current_progress == Progress.DROPPED


def test_editing_an_item_keeps_its_promise_in_step(owner_client, plan, owner, library):
    partner = _partner(library, "Hearthstone Club")
    item = workbook.add_item(
        plan,
        kind=ItemKind.FOR_PARTNER,
        partnership=partner,
        by=owner,
        what="Card",
        due_on=TODAY,
    )
    new_day = TODAY + datetime.timedelta(days=9)
    response = owner_client.post(
        _url(plan, f"items/{item.pk}/"),
        {
            "partnership": partner.pk,
            "what": "A card and flowers",
            "due_on": new_day.isoformat(),
            "progress": "done",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(pk=item.commitment_id)
    assert (commitment.what, commitment.due_on, commitment.status) == (
        "A card and flowers",
        new_day,
        CommitmentStatus.KEPT,
    )


def test_an_opportunity_from_the_directory_starts_a_prospect(owner_client, plan, library):
    organization = Organization.objects.create(library=library, name="Workforce Center")
    response = owner_client.post(
        _url(plan, "items/new/"),
        {"kind": "opportunity", "organization": organization.pk, "what": "Offer a workshop"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(plan=plan)
    assert item.partnership.organization == organization
    assert item.partnership.stage == "prospect" and item.commitment is None
    page = owner_client.get(_url(plan)).content.decode()
    assert "Offer a workshop" in page and "now: Prospect" in page


def test_forged_and_other_library_partnerships_are_refused(
    owner_client, plan, library, other_library
):
    elsewhere = _partner(other_library, "Elsewhere Club")
    active = _partner(library, "Active partner")
    prospect = _partner(library, "A prospect", stage="prospect")
    other_org = Organization.objects.create(library=other_library, name="Their org")
    cases = [
        ({"kind": "opportunity", "partnership": elsewhere.pk}, "partnership"),
        ({"kind": "opportunity", "partnership": active.pk}, "partnership"),  # not a prospect
        ({"kind": "opportunity", "partnership": 999999}, "partnership"),
        ({"kind": "opportunity", "organization": other_org.pk}, "organization"),
        (
            {"kind": "for_partner", "partnership": elsewhere.pk, "due_on": "2026-12-01"},
            "partnership",
        ),
        (
            {"kind": "for_partner", "partnership": prospect.pk, "due_on": "2026-12-01"},
            "partnership",
        ),
    ]
    for data, field in cases:
        response = owner_client.post(_url(plan, "items/new/"), {"what": "Hello", **data})
        assert response.status_code == 400, data
        assert field in response.context["form"].errors, data
    assert not PlanItem.objects.exists()
    assert not Commitment.objects.exists()


def test_a_partner_item_needs_a_real_date_and_keeps_what_was_typed(owner_client, plan, library):
    partner = _partner(library, "Hearthstone Club")
    for due_on, message in (("", "Say by when"), ("2026-02-30", "Enter a real date")):
        response = owner_client.post(
            _url(plan, "items/new/"),
            {
                "kind": "for_partner",
                "partnership": partner.pk,
                "what": "Send the figures",
                "why": "For the board",
                "due_on": due_on,
            },
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert message in page and "There is a problem" in page
        assert 'value="Send the figures"' in page and "For the board</textarea>" in page
    assert not PlanItem.objects.exists()


def test_an_item_of_another_plan_is_404(owner_client, plan, owner, library):
    other_plan = workbook.plan_for_member(library, owner)
    item = workbook.add_item(
        other_plan,
        kind=ItemKind.OPPORTUNITY,
        partnership=_partner(library, "P", stage="prospect"),
        by=owner,
        what="Ask",
    )
    assert owner_client.get(_url(plan, f"items/{item.pk}/")).status_code == 404
    assert owner_client.post(_url(plan, f"items/{item.pk}/progress/")).status_code == 404


def test_a_plan_is_for_a_goal_or_a_member_never_both_and_one_each(library, goal, owner):
    from django.db import IntegrityError, transaction

    for fields in ({}, {"goal": goal, "member": owner}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ActionPlan.objects.create(library=library, **fields)
    workbook.plan_for_member(library, owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(library=library, member=owner)
    assert workbook.plan_for_goal(goal) == workbook.plan_for_goal(goal)


# Pages and who may use them ---------------------------------------------------------------------


def test_starting_plans_from_the_index_and_the_goal_page(owner_client, library, goal):
    index = owner_client.get("/l/riverton/plan/").content.decode()
    assert "Start my plan" in index and "Two more public computers" in index
    assert "/plan/benefits-board/" in index
    goal_page = owner_client.get(f"/l/riverton/goals/{goal.pk}/").content.decode()
    assert f"/l/riverton/plan/goals/{goal.pk}/" in goal_page
    assert ActionPlan.objects.count() == 0  # looking starts nothing
    response = owner_client.post(f"/l/riverton/plan/goals/{goal.pk}/")
    plan = ActionPlan.objects.get(goal=goal)
    assert response["Location"] == _url(plan)
    assert owner_client.get(f"/l/riverton/plan/goals/{goal.pk}/")["Location"] == _url(plan)
    owner_client.post("/l/riverton/plan/mine/")
    assert ActionPlan.objects.filter(member__email="owner@riverton.example").count() == 1


def test_the_plan_link_in_the_navigation_is_current_on_every_plan_page(owner_client, plan):
    for path in ("/l/riverton/plan/", _url(plan), "/l/riverton/plan/benefits-board/"):
        page = owner_client.get(path).content.decode()
        assert '<a href="/l/riverton/plan/" aria-current="page">' in page, path


def test_answers_are_saved_with_history(owner_client, plan):
    page = owner_client.get(_url(plan, "answers/")).content.decode()
    version = page.split('name="loaded_version" value="')[1].split('"')[0]
    owner_client.post(
        _url(plan, "answers/"),
        {
            "partners_who_could_help": "The foundation: digital inclusion.",
            "loaded_version": version,
        },
    )
    plan.refresh_from_db()
    assert plan.partners_who_could_help == "The foundation: digital inclusion."
    assert plan.history.first().history_user.email == "owner@riverton.example"


def test_volunteers_read_but_do_not_change(volunteer_client, plan, library):
    prospect = _partner(library, "P", stage="prospect")
    assert volunteer_client.get(_url(plan)).status_code == 200
    assert "Finish the plan" not in volunteer_client.get(_url(plan)).content.decode()
    for suffix, data in (
        ("answers/", {"partners_who_could_help": "x"}),
        ("items/new/", {"kind": "opportunity", "partnership": prospect.pk, "what": "x"}),
        ("finish/", {}),
    ):
        assert volunteer_client.post(_url(plan, suffix), data).status_code == 403
    assert volunteer_client.post("/l/riverton/plan/mine/").status_code == 403
    assert volunteer_client.get(_url(plan, "items/new/")).status_code == 403
    assert not PlanItem.objects.exists() and ActionPlan.objects.count() == 1


def test_a_members_own_plan_is_theirs_and_the_owners(client, library, staff, owner):
    plan = workbook.plan_for_member(library, owner)
    client.force_login(staff)
    assert client.get(_url(plan)).status_code == 200
    assert client.post(_url(plan, "answers/"), {"partners_who_could_help": "x"}).status_code == 403
    mine = workbook.plan_for_member(library, staff)
    client.force_login(owner)
    assert client.get(_url(mine, "answers/")).status_code == 200


def test_outsiders_get_404_and_anonymous_people_sign_in(client, outsider_client, plan):
    for suffix in ("", "answers/", "items/new/", "finish/", "action-plan.docx"):
        assert outsider_client.get(_url(plan, suffix)).status_code == 404
        assert outsider_client.post(_url(plan, suffix)).status_code == 404
    client.logout()
    response = client.get(_url(plan))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_print_view_has_the_plan_without_the_forms(owner_client, plan, owner):
    _fill(plan, owner, opportunities=2, for_partners=3)
    page = owner_client.get(_url(plan) + "?print=1").content.decode()
    assert "Thank them 2" in page and "The club: they reach job seekers." in page
    assert "Save progress" not in page and "workbook-progress" not in page


def test_the_sample_plans_tell_the_story():
    from allies import sample_data

    sample_data.load_sample_data(include_irs=False)
    library = ActionPlan.objects.first().library
    goal_plan = ActionPlan.objects.get(library=library, goal__isnull=False)
    assert workbook.missing(goal_plan, workbook.items_of(goal_plan)) == [
        "Add one more thing to do for current partners"
    ]
    director = library.memberships.get(role="owner").user
    mine = ActionPlan.objects.get(library=library, member=director)
    assert mine.is_finished and workbook.missing(mine, workbook.items_of(mine)) == []
    progress = {item.current_progress for item in workbook.items_of(mine)}
    assert progress == set(Progress.values)
    today = timezone.localdate()
    overdue = {
        r.key.split(":")[1]
        for r in reminders.reminders_for(library, day=today, user=director)
        if r.kind == reminders.Kind.COMMITMENT and r.is_overdue(today)
    }
    late = [i for i in workbook.items_of(goal_plan) if i.due_on and i.due_on < today]
    assert len(late) == 1 and str(late[0].commitment_id) in overdue


def test_an_answer_saved_meanwhile_is_not_overwritten(client, owner, staff, plan):
    client.force_login(staff)
    page = client.get(_url(plan, "answers/")).content.decode()
    stale = page.split('name="loaded_version" value="')[1].split('"')[0]
    plan.partners_who_could_help = "Olivia's answer"
    plan._history_user = owner
    plan.save()
    response = client.post(
        _url(plan, "answers/"),
        {"partners_who_could_help": "Sam's answer", "loaded_version": stale},
    )
    assert response.status_code == 400
    assert "Sam&#x27;s answer" in response.content.decode()
    plan.refresh_from_db()
    assert plan.partners_who_could_help == "Olivia's answer"
