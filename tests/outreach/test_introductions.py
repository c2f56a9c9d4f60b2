"""Introduction requests: ask a colleague or a contact on a path, follow the steps, see them logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from allies.connections import paths as paths_module
from allies.connections.models import Connection
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from allies.outreach.models import IntroductionRequest, Pitch
from allies.partnerships.models import LogEntry, Partnership, Stage


@pytest.fixture(autouse=True)
def _fresh_cache():
    paths_module.forget_graphs()
    yield
    paths_module.forget_graphs()


def tie(library, one, other, strength, *, by, kind="friend", shared=True):
    Connection.record(
        library=library,
        one=one,
        other=other,
        recorded_by=by,
        kind=kind,
        strength=strength,
        shared=shared,
    )


@pytest.fixture
def world(library, owner, staff, volunteer):
    """Staff Sam and owner Olivia; the Rotary Club with its chair Dana and treasurer Tom.

    Sam -5- Ann -4- Dana (chair)      Sam's own path: he asks Ann, a contact outside
    Olivia -3- Dana                   a colleague's path: Sam asks Olivia
    Sam -2- Bob -5- Tom (treasurer)
    Olivia keeps a private Olivia -5- Tom, which Sam never sees.
    """
    sam = person_for(staff, library)
    olivia = person_for(owner, library)
    ann = Person.objects.create(library=library, name="Ann Archer", email="ann@example.org")
    bob = Person.objects.create(library=library, name="Bob Baker")
    dana = Person.objects.create(library=library, name="Dana Reyes")
    tom = Person.objects.create(library=library, name="Tom Treasurer")
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Affiliation.objects.create(person=dana, organization=rotary, role="Chair")
    Affiliation.objects.create(person=tom, organization=rotary, role="Treasurer")
    tie(library, sam, ann, 5, by=staff)
    tie(library, ann, dana, 4, by=staff, kind="club")
    tie(library, olivia, dana, 3, by=owner, kind="colleague")
    tie(library, sam, bob, 2, by=staff, kind="neighbour")
    tie(library, bob, tom, 5, by=staff, kind="family")
    tie(library, olivia, tom, 5, by=owner, kind="worship", shared=False)
    partnership = Partnership.objects.create(
        library=library,
        organization=rotary,
        benefits_to_partner="A room for their monthly talks, free of charge.",
    )
    return {
        "sam": sam,
        "olivia": olivia,
        "ann": ann,
        "bob": bob,
        "dana": dana,
        "tom": tom,
        "rotary": rotary,
        "partnership": partnership,
    }


def key(*people):
    return "-".join(str(person.pk) for person in people)


def new_url(partnership):
    return reverse("outreach:introduction_new", args=["riverton", partnership.pk])


def detail_url(introduction):
    return reverse("outreach:introduction", args=["riverton", introduction.pk])


def step_url(introduction):
    return reverse("outreach:introduction_step", args=["riverton", introduction.pk])


def partnership_page(client, partnership):
    return client.get(reverse("partnerships:detail", args=["riverton", partnership.pk]))


def ask(client, partnership, path, message="Could you introduce us?", asked_on=None):
    return client.post(
        new_url(partnership),
        {
            "path": path,
            "message": message,
            "asked_on": (asked_on or timezone.localdate()).isoformat(),
        },
    )


def asked(world, staff, *, days_ago=10):
    return IntroductionRequest.objects.create(
        library=world["partnership"].library,
        partnership=world["partnership"],
        asked_by=staff,
        connector=world["ann"],
        target=world["dana"],
        path_names="Sam Staff → Ann Archer → Dana Reyes",
        message="Could you introduce us?",
        asked_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def test_partnership_page_offers_to_ask_staff_only(staff_client, client, volunteer, world):
    html = partnership_page(staff_client, world["partnership"]).content.decode()
    assert "Ask for an introduction" in html
    assert new_url(world["partnership"]) in html
    client.force_login(volunteer)
    html = partnership_page(client, world["partnership"]).content.decode()
    assert "Introductions" in html
    assert new_url(world["partnership"]) not in html


def test_archived_partnership_has_no_ask_link_and_refuses(staff_client, world):
    world["partnership"].archive()
    html = partnership_page(staff_client, world["partnership"]).content.decode()
    assert new_url(world["partnership"]) not in html
    response = staff_client.get(new_url(world["partnership"]))
    assert response.status_code == 302
    response = ask(
        staff_client, world["partnership"], key(world["sam"], world["ann"], world["dana"])
    )
    assert response.status_code == 302
    assert not IntroductionRequest.objects.exists()


def test_choose_page_offers_each_visible_path_with_its_connector(staff_client, world):
    response = staff_client.get(new_url(world["partnership"]))
    assert response.status_code == 200
    html = response.content.decode()
    # Sam's own paths: ask the contact who comes next. A colleague's path: ask the colleague.
    assert "Ask Ann Archer" in html
    assert "Ask Bob Baker" in html
    assert "Ask Olivia Owner" in html
    assert f"?path={key(world['sam'], world['ann'], world['dana'])}" in html
    assert f"?path={key(world['olivia'], world['dana'])}" in html
    # Olivia's private link to Tom is not a path Sam may see or ask through; he may ask her to look.
    assert f"?path={key(world['olivia'], world['tom'])}" not in html
    assert "Tom" not in html.split("A colleague may be able to help")[1]
    assert "Ask Olivia Owner to look at their private connections" in html


def test_ask_through_an_outside_contact(staff_client, staff, world):
    path = key(world["sam"], world["ann"], world["dana"])
    form = staff_client.get(new_url(world["partnership"]), {"path": path})
    assert form.status_code == 200
    draft = form.context["form"].initial["message"]
    assert draft.startswith("Hello Ann Archer,")
    assert "Dana Reyes (Chair at Riverton Rotary Club)" in draft
    assert "A room for their monthly talks" in draft
    assert "Sam Staff" in draft  # signed by the asker
    assert "Olivia" not in draft
    assert "Save and mark as asked" in form.content.decode()

    response = ask(staff_client, world["partnership"], path, message=draft)
    introduction = IntroductionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(introduction)
    assert introduction.connector == world["ann"]
    assert introduction.target == world["dana"]
    assert introduction.asked_by == staff
    assert introduction.status == "asked"
    assert introduction.path_names == "Sam Staff → Ann Archer → Dana Reyes"
    assert introduction.message == draft
    world["partnership"].refresh_from_db()
    assert world["partnership"].stage == Stage.REACHING_OUT
    assert world["partnership"].stage_changes.get().reason == (
        "Asked Ann Archer for an introduction to Dana Reyes"
    )
    html = partnership_page(staff_client, world["partnership"]).content.decode()
    assert "Asked Ann Archer for an introduction to Dana Reyes" in html
    assert detail_url(introduction) in html

    page = staff_client.get(detail_url(introduction)).content.decode()
    assert "mailto:ann@example.org?subject=" in page
    assert 'data-copy-from="introduction-message"' in page
    assert "Record this step" in page


def test_ask_through_a_colleague(staff_client, world):
    path = key(world["olivia"], world["dana"])
    draft = staff_client.get(new_url(world["partnership"]), {"path": path}).context["form"]
    message = draft.initial["message"]
    assert message.startswith("Hello Olivia Owner,")
    assert "introduce me to Dana Reyes (Chair at Riverton Rotary Club)" in message
    response = ask(staff_client, world["partnership"], path, message="Olivia, could you?")
    assert response.status_code == 302
    introduction = IntroductionRequest.objects.get()
    assert introduction.connector == world["olivia"]
    assert introduction.target == world["dana"]
    assert LogEntry.objects.filter(
        partnership=world["partnership"],
        summary="Asked Olivia Owner for an introduction to Dana Reyes",
        detail="Olivia, could you?",
    ).exists()


def test_draft_names_the_people_between_and_falls_back_to_the_pitch(staff_client, owner, world):
    partnership = world["partnership"]
    partnership.benefits_to_partner = ""
    partnership.save()
    Pitch.save_version(
        partnership,
        by=owner,
        text="The library lends hotspots to every family in Riverton.",
        benefits_to_library="a",
        benefits_to_partner="b",
        benefits_to_community="c",
    )
    # A longer chain of Sam's: Sam → Ann → Bob → Tom. Ann is the one to ask; Bob is on the way.
    tie(partnership.library, world["ann"], world["bob"], 5, by=world["sam"].user)
    path = key(world["sam"], world["ann"], world["bob"], world["tom"])
    message = (
        staff_client.get(new_url(partnership), {"path": path}).context["form"].initial["message"]
    )
    assert message.startswith("Hello Ann Archer,")
    assert "help me meet Tom Treasurer (Treasurer at Riverton Rotary Club)" in message
    assert "the way there goes through Bob Baker." in message
    assert "The library lends hotspots to every family in Riverton." in message
    assert "monthly talks" not in message


def test_draft_without_benefits_or_pitch_is_neutral(staff_client, world):
    partnership = world["partnership"]
    partnership.benefits_to_partner = ""
    partnership.save()
    path = key(world["sam"], world["bob"], world["tom"])
    message = (
        staff_client.get(new_url(partnership), {"path": path}).context["form"].initial["message"]
    )
    assert message.startswith("Hello Bob Baker,")
    assert "Tom Treasurer (Treasurer at Riverton Rotary Club)" in message
    assert "We would like to learn about their work" in message


def test_a_path_starting_with_me_straight_to_them_needs_no_introduction(staff_client, staff, world):
    tie(world["partnership"].library, world["sam"], world["dana"], 5, by=staff)
    html = staff_client.get(new_url(world["partnership"])).content.decode()
    assert "You know Dana Reyes yourself" in html
    response = ask(staff_client, world["partnership"], key(world["sam"], world["dana"]))
    assert response.status_code == 400
    assert not IntroductionRequest.objects.exists()


def test_no_path_says_so_and_points_to_the_worksheet(staff_client, library):
    quiet = Organization.objects.create(library=library, name="Quiet Garden Club")
    partnership = Partnership.objects.create(library=library, organization=quiet)
    html = staff_client.get(new_url(partnership)).content.decode()
    assert "No path found yet" in html
    assert reverse("connections:worksheet", args=["riverton", quiet.pk]) in html
    assert reverse("connections:paths_organization", args=["riverton", quiet.pk]) in html


@pytest.mark.parametrize(
    "message, shown", [("", "Write the message"), ("   ", "Write the message")]
)
def test_empty_message_is_refused(staff_client, world, message, shown):
    path = key(world["sam"], world["ann"], world["dana"])
    response = ask(staff_client, world["partnership"], path, message=message)
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert not IntroductionRequest.objects.exists()
    world["partnership"].refresh_from_db()
    assert world["partnership"].stage == Stage.PROSPECT


def test_future_asked_date_is_refused_and_message_kept(staff_client, world):
    path = key(world["sam"], world["ann"], world["dana"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = ask(staff_client, world["partnership"], path, message="Kept text", asked_on=tomorrow)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The date cannot be in the future." in html
    assert "Kept text" in html
    assert not IntroductionRequest.objects.exists()


def test_paths_nobody_may_ask_through_are_refused(staff_client, other_library, world):
    stranger = Person.objects.create(library=other_library, name="Elsewhere Person")
    refused = [
        "999999-888888",  # invented ids
        key(world["sam"], stranger),  # someone from another library
        key(world["olivia"], world["tom"]),  # a colleague's private link
        key(world["ann"], world["dana"]),  # not a path from the staff
        f"{world['sam'].pk}-{world['ann'].pk}-{world['dana'].pk}-x",
    ]
    for path in refused:
        response = ask(staff_client, world["partnership"], path, message="Keep me")
        assert response.status_code == 400, path
        html = response.content.decode()
        assert "This path is not one you can ask through" in html
        assert "Keep me" in html
        get = staff_client.get(new_url(world["partnership"]), {"path": path})
        assert get.status_code == 400
        assert "not one you can ask through any more" in get.content.decode()
    assert not IntroductionRequest.objects.exists()
    assert not LogEntry.objects.exists()


def test_steps_are_tracked_and_logged(staff_client, staff, world):
    introduction = asked(world, staff)
    introduced_on = timezone.localdate() - datetime.timedelta(days=5)
    response = staff_client.post(
        step_url(introduction),
        {"step": "introduced", "on": introduced_on.isoformat(), "note": "A joint e-mail"},
    )
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == "introduced"
    assert introduction.introduced_on == introduced_on
    assert "A joint e-mail" in introduction.note

    # Met cannot be before the introduction.
    before = introduced_on - datetime.timedelta(days=1)
    response = staff_client.post(step_url(introduction), {"step": "met", "on": before.isoformat()})
    assert response.status_code == 400
    shown = f"cannot be before the introduction, on {date_format(introduced_on, 'j M Y')}."
    assert shown in response.content.decode()

    today = timezone.localdate()
    response = staff_client.post(
        step_url(introduction), {"step": "met", "on": today.isoformat(), "note": "Coffee"}
    )
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == "met"
    assert introduction.met_on == today

    html = partnership_page(staff_client, world["partnership"]).content.decode()
    assert "Ann Archer introduced us to Dana Reyes on" in html
    assert "Met Dana Reyes on" in html
    assert "introduced by Ann Archer" in html

    # Met is the end: no going back, no declining afterwards.
    for step in ("asked", "declined", "introduced"):
        response = staff_client.post(step_url(introduction), {"step": step, "on": today})
        assert response.status_code == 400
    introduction.refresh_from_db()
    assert introduction.status == "met"
    assert LogEntry.objects.filter(partnership=world["partnership"]).count() == 2


def test_declined_is_final(staff_client, staff, world):
    introduction = asked(world, staff)
    today = timezone.localdate().isoformat()
    response = staff_client.post(step_url(introduction), {"step": "declined", "on": today})
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == "declined"
    assert introduction.declined_on == timezone.localdate()
    page = staff_client.get(detail_url(introduction)).content.decode()
    assert "Record this step" not in page
    response = staff_client.post(step_url(introduction), {"step": "met", "on": today})
    assert response.status_code == 400
    introduction.refresh_from_db()
    assert introduction.status == "declined"
    assert LogEntry.objects.filter(
        summary__startswith="The introduction to Dana Reyes through Ann Archer was declined"
    ).exists()


def test_step_dates_before_asking_or_in_the_future_are_refused(staff_client, staff, world):
    introduction = asked(world, staff, days_ago=3)
    for day, shown in (
        (introduction.asked_on - datetime.timedelta(days=1), "before the day we asked"),
        (timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
        ("", "Say when it happened"),
    ):
        response = staff_client.post(
            step_url(introduction), {"step": "introduced", "on": str(day), "note": "Kept note"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert shown in html
        assert "Kept note" in html
    response = staff_client.post(step_url(introduction), {"on": timezone.localdate()})
    assert response.status_code == 400
    assert "Choose what happened." in response.content.decode()
    introduction.refresh_from_db()
    assert introduction.status == "asked"
    assert introduction.introduced_on is None
    assert not LogEntry.objects.exists()


def test_list_shows_open_requests_newest_first_and_filters(staff_client, owner, staff, world):
    older = asked(world, staff, days_ago=20)
    newer = asked(world, owner, days_ago=2)
    done = asked(world, staff, days_ago=1)
    done.status = "met"
    done.met_on = timezone.localdate()
    done.save()
    url = reverse("outreach:introductions", args=["riverton"])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert list(page.context["page_obj"].object_list) == [newer, older]
    page = staff_client.get(url, {"mine": "1"})
    assert list(page.context["page_obj"].object_list) == [older]
    page = staff_client.get(url, {"status": "met"})
    assert list(page.context["page_obj"].object_list) == [done]
    page = staff_client.get(url, {"status": "all"})
    assert list(page.context["page_obj"].object_list) == [done, newer, older]
    page = staff_client.get(url, {"status": "nonsense"})
    assert list(page.context["page_obj"].object_list) == [newer, older]


def test_paths_page_links_to_asking_when_a_partnership_is_open(staff_client, world):
    url = reverse("connections:paths_organization", args=["riverton", world["rotary"].pk])
    assert new_url(world["partnership"]) in staff_client.get(url).content.decode()
    world["partnership"].archive()
    assert new_url(world["partnership"]) not in staff_client.get(url).content.decode()


def all_urls(world, introduction):
    return [
        reverse("outreach:introductions", args=["riverton"]),
        new_url(world["partnership"]),
        detail_url(introduction),
        step_url(introduction),
    ]


def test_outsider_gets_404_everywhere(outsider_client, staff, world):
    introduction = asked(world, staff)
    for url in all_urls(world, introduction):
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"path": "1-2", "message": "x"}).status_code == 404, url


def test_volunteer_may_read_but_not_ask_or_record(volunteer_client, staff, world):
    introduction = asked(world, staff)
    assert volunteer_client.get(detail_url(introduction)).status_code == 200
    assert "Record this step" not in volunteer_client.get(detail_url(introduction)).content.decode()
    assert volunteer_client.get(new_url(world["partnership"])).status_code == 403
    response = ask(volunteer_client, world["partnership"], key(world["olivia"], world["dana"]))
    assert response.status_code == 403
    response = volunteer_client.post(
        step_url(introduction), {"step": "met", "on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 403
    introduction.refresh_from_db()
    assert introduction.status == "asked"
    assert IntroductionRequest.objects.count() == 1


def test_a_request_through_my_private_contact_stays_mine(staff_client, staff, owner, world):
    """Sam's sister Eve (a private link) knows Dana: colleagues learn only that he asked someone."""
    from django.test import Client

    from tests.conftest import PASSWORD

    eve = Person.objects.create(library=world["partnership"].library, name="Eve Sister")
    tie(world["partnership"].library, world["sam"], eve, 5, by=staff, kind="family", shared=False)
    tie(world["partnership"].library, eve, world["dana"], 5, by=staff, shared=False)
    path = key(world["sam"], eve, world["dana"])
    form = staff_client.get(new_url(world["partnership"]), {"path": path})
    assert form.status_code == 200
    assert "seen by you only" in form.content.decode()
    assert ask(staff_client, world["partnership"], path).status_code == 302
    introduction = IntroductionRequest.objects.get()
    assert introduction.private and introduction.connector == eve
    assert staff_client.get(detail_url(introduction)).status_code == 200
    assert "Eve Sister" in partnership_page(staff_client, world["partnership"]).content.decode()

    colleague = Client()
    assert colleague.login(username=owner.email, password=PASSWORD)
    html = partnership_page(colleague, world["partnership"]).content.decode()
    assert "Eve Sister" not in html
    assert "personal contact" in html
    assert colleague.get(detail_url(introduction)).status_code == 404
    listing = colleague.get(reverse("outreach:introductions", args=["riverton"]), {"status": "all"})
    assert "Eve Sister" not in listing.content.decode()
    assert not listing.context["page_obj"].object_list

    # Recording a step keeps the contact out of the shared timeline too.
    staff_client.post(
        step_url(introduction),
        {"step": "introduced", "on": timezone.localdate().isoformat(), "note": "Eve wrote to Dana"},
    )
    introduction.refresh_from_db()
    assert introduction.status == "introduced"
    html = partnership_page(colleague, world["partnership"]).content.decode()
    assert "Eve Sister" not in html and "Eve wrote" not in html
