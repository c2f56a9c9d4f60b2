"""Community events, the library's offers of support, and the pilot an accepted offer becomes."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.models import CommunityEvent, OfferStatus, Pilot, PilotKind, SupportOffer
from allies.partnerships.models import LogEntry, Partnership, Stage, StageChange

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EVENTS = "/l/riverton/outreach/events/"


@pytest.fixture
def partner(library):
    organization = Organization.objects.create(library=library, name="Riverton Food Bank")
    Partnership.objects.create(library=library, organization=organization, stage=Stage.EXPLORING)
    return organization


def make_event(library, *, title="Harvest fair", starts_on=None, **fields):
    return CommunityEvent.objects.create(
        library=library, title=title, starts_on=starts_on or TODAY + 10 * DAY, **fields
    )


def offer_for(event, text="A story tent with two staff"):
    return SupportOffer.objects.create(library=event.library, event=event, offer=text)


def event_url(event, suffix=""):
    return f"{EVENTS}{event.pk}/{suffix}"


def offer_url(offer, action):
    return f"{EVENTS}{offer.event_id}/offers/{offer.pk}/{action}/"


def test_the_list_shows_upcoming_events_soonest_first_and_past_ones_behind_a_filter(
    staff_client, library, partner
):
    make_event(library, title="Spring fair", starts_on=TODAY + 30 * DAY, organizer=partner)
    make_event(library, title="Book swap", starts_on=TODAY + 2 * DAY, organizer_name="PTA")
    make_event(
        library,
        title="Winter market",
        starts_on=TODAY - 2 * DAY,
        ends_on=TODAY + DAY,
        organizer_name="Main Street Association",
        audience="Families",
        help_needed="A reading corner",
    )
    make_event(library, title="Old parade", starts_on=TODAY - 40 * DAY, organizer_name="Town")
    html = staff_client.get(EVENTS).content.decode()
    assert html.index("Winter market") < html.index("Book swap") < html.index("Spring fair")
    assert "Old parade" not in html
    for shown in ["Main Street Association", "Families", "A reading corner", "Riverton Food Bank"]:
        assert shown in html
    assert "Show the 1 past event" in html
    assert "Add an event" in html
    past = staff_client.get(EVENTS + "?when=past").content.decode()
    assert "Old parade" in past and "Spring fair" not in past


def test_the_list_shows_each_offer_with_its_status(staff_client, library, partner):
    event = make_event(library, organizer=partner)
    offer = offer_for(event, "Two hundred flyers")
    offer.status = OfferStatus.TURNED_DOWN
    offer.save()
    html = staff_client.get(EVENTS).content.decode()
    assert "Two hundred flyers" in html and "Turned down" in html


def test_the_main_navigation_links_to_events(staff_client):
    html = staff_client.get("/l/riverton/outreach/events/").content.decode()
    assert f'<a href="{EVENTS}" aria-current="page">Events</a>' in html


def test_adding_an_event_with_a_partner_as_organizer(staff_client, staff, library, partner):
    response = staff_client.post(
        EVENTS + "new/",
        {
            "title": "Harvest fair",
            "organizer": partner.pk,
            "starts_on": "2026-10-03",
            "ends_on": "2026-10-04",
            "audience": "Families",
            "help_needed": "Volunteers for the kids' corner",
        },
    )
    event = CommunityEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event_url(event)
    assert (event.organizer, event.library, event.created_by) == (partner, library, staff)


def test_the_organizer_list_holds_only_partners_of_this_library(
    staff_client, library, other_library, partner
):
    Organization.objects.create(library=library, name="Not A Partner Yet")
    Organization.objects.create(library=other_library, name="Elsewhere Club")
    html = staff_client.get(EVENTS + "new/").content.decode()
    assert "Riverton Food Bank" in html
    assert "Not A Partner Yet" not in html and "Elsewhere Club" not in html


def test_an_event_without_any_organizer_is_refused(staff_client):
    response = staff_client.post(
        EVENTS + "new/", {"title": "Harvest fair", "starts_on": "2026-10-03", "place": "The park"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say who organizes it" in html
    assert 'id="id_organizer_error"' in html
    assert "Harvest fair" in html and "The park" in html
    assert not CommunityEvent.objects.exists()


def test_an_event_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        EVENTS + "new/",
        {
            "title": "Harvest fair",
            "organizer_name": "Main Street Association",
            "starts_on": "2026-10-04",
            "ends_on": "2026-10-03",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The last day comes before the first day" in html
    assert 'id="id_ends_on_error"' in html
    assert "Main Street Association" in html and "2026-10-04" in html
    assert not CommunityEvent.objects.exists()


def test_an_organization_of_another_library_cannot_be_the_organizer(
    staff_client, library, other_library
):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Club")
    Partnership.objects.create(library=other_library, organization=theirs)
    data = {"title": "Fair", "organizer": theirs.pk, "starts_on": "2026-10-03"}
    response = staff_client.post(EVENTS + "new/", data)
    assert response.status_code == 400
    assert "Choose one of the library&#x27;s partners" in response.content.decode()
    assert not CommunityEvent.objects.exists()
    event = make_event(library, organizer_name="PTA")
    edit = staff_client.post(event_url(event, "edit/"), data)
    assert edit.status_code == 400
    event.refresh_from_db()
    assert event.organizer is None and event.title == "Harvest fair"


def test_editing_an_event(staff_client, library, partner):
    event = make_event(library, organizer_name="PTA")
    response = staff_client.post(
        event_url(event, "edit/"),
        {"title": "Harvest fair", "organizer": partner.pk, "starts_on": "2026-10-03"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.organizer == partner


def test_offering_support_and_marking_it_turned_down(staff_client, staff, library, partner):
    event = make_event(library, organizer=partner)
    assert "Offer support" in staff_client.get(event_url(event)).content.decode()
    empty = staff_client.post(event_url(event, "offers/new/"), {"offer": ""})
    assert empty.status_code == 400
    assert "Say what the library offers" in empty.content.decode()
    response = staff_client.post(event_url(event, "offers/new/"), {"offer": "A story tent"})
    assert response.status_code == 302
    offer = SupportOffer.objects.get()
    assert (offer.event, offer.offered_by, offer.status) == (event, staff, OfferStatus.OFFERED)
    page = staff_client.get(event_url(event)).content.decode()
    assert "A story tent" in page and "Mark accepted" in page
    staff_client.post(offer_url(offer, "answer"), {"status": "turned_down"})
    offer.refresh_from_db()
    assert (offer.status, offer.answered_on) == (OfferStatus.TURNED_DOWN, TODAY)
    staff_client.post(offer_url(offer, "answer"), {"status": "withdrawn"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.TURNED_DOWN
    assert staff_client.get(offer_url(offer, "accept")).status_code == 302
    assert not Pilot.objects.exists()


def test_an_accepted_offer_becomes_a_prefilled_pilot_of_the_organizers_partnership(
    staff_client, staff, library, partner
):
    event = make_event(
        library,
        organizer=partner,
        starts_on=datetime.date(2026, 10, 3),
        ends_on=datetime.date(2026, 10, 4),
        help_needed="Volunteers for the kids' corner",
    )
    offer = offer_for(event)
    form = staff_client.get(offer_url(offer, "accept"))
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["kind"] == PilotKind.JOIN_EVENT
    assert (initial["starts_on"], initial["ends_on"]) == (event.starts_on, event.ends_on)
    assert initial["library_does"] == "A story tent with two staff"
    assert initial["partner_does"] == "Volunteers for the kids' corner"
    html = form.content.decode()
    assert "2026-10-03" in html and "A story tent with two staff" in html

    response = staff_client.post(
        offer_url(offer, "accept"),
        {
            "kind": "join_event",
            "title": "Story tent at the harvest fair",
            "starts_on": "2026-10-03",
            "ends_on": "2026-10-04",
            "library_does": "A story tent with two staff",
            "partner_does": "Volunteers and a spot near the entrance",
            "success_looks_like": "Fifty families stop by",
        },
    )
    pilot = Pilot.objects.get()
    assert response.status_code == 302
    partnership = Partnership.objects.get(organization=partner)
    assert pilot.partnership == partnership and pilot.offer == offer
    assert pilot.created_by == staff
    offer.refresh_from_db()
    assert (offer.status, offer.answered_on) == (OfferStatus.ACCEPTED, TODAY)
    assert partnership.stage == Stage.PILOT
    assert LogEntry.objects.filter(partnership=partnership).count() == 1
    page = staff_client.get(event_url(event)).content.decode()
    assert "Story tent at the harvest fair" in page and "Mark accepted" not in page


def test_accepting_a_bad_pilot_keeps_the_offer_open(staff_client, library, partner):
    event = make_event(library, organizer=partner)
    offer = offer_for(event)
    data = {
        "kind": "join_event",
        "title": "Story tent",
        "starts_on": "2026-10-04",
        "ends_on": "2026-10-03",
        "library_does": "Tent",
        "partner_does": "Space",
        "success_looks_like": "Fifty families",
    }
    response = staff_client.post(offer_url(offer, "accept"), data)
    assert response.status_code == 400
    assert "The last day comes before the first day" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert not Pilot.objects.exists()


def test_an_organizer_with_no_partnership_gets_a_new_prospect_then_pilot(
    staff_client, staff, library
):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    old = Partnership.objects.create(library=library, organization=organization)
    event = make_event(library, organizer=organization)
    old.archive()
    offer = offer_for(event)
    response = staff_client.post(
        offer_url(offer, "accept"),
        {
            "kind": "join_event",
            "title": "Rotary fair",
            "starts_on": "2026-10-03",
            "ends_on": "2026-10-03",
            "library_does": "A story tent",
            "partner_does": "Space",
            "success_looks_like": "Fifty families",
        },
    )
    assert response.status_code == 302
    new = Partnership.objects.for_library(library).get(organization=organization)
    assert new != old
    assert Pilot.objects.get().partnership == new
    assert new.stage == Stage.PILOT
    stages = list(
        StageChange.objects.filter(partnership=new)
        .order_by("changed_at", "id")
        .values_list("from_stage", "to_stage")
    )
    assert stages == [("", Stage.PROSPECT), (Stage.PROSPECT, Stage.PILOT)]


def test_an_organizer_known_only_by_name_must_be_picked_first(staff_client, library):
    event = make_event(library, organizer_name="Main Street Association")
    offer = offer_for(event)
    page = staff_client.get(offer_url(offer, "accept"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "is not in the directory yet" in html
    assert "Main Street Association" in html
    organization = Organization.objects.create(library=library, name="Main Street Association")
    chosen = staff_client.get(offer_url(offer, "accept") + f"?organization={organization.pk}")
    assert chosen.status_code == 200
    assert f'name="organization" value="{organization.pk}"' in chosen.content.decode()
    data = {
        "organization": organization.pk,
        "kind": "join_event",
        "title": "Main Street fair",
        "starts_on": "2026-10-03",
        "ends_on": "2026-10-03",
        "library_does": "A story tent",
        "partner_does": "Space",
        "success_looks_like": "Fifty families",
    }
    # Without the organization picked, nothing is saved.
    missing = staff_client.post(offer_url(offer, "accept"), {**data, "organization": ""})
    assert missing.status_code == 400
    assert not Pilot.objects.exists()
    assert staff_client.post(offer_url(offer, "accept"), data).status_code == 302
    pilot = Pilot.objects.get()
    assert pilot.partnership.organization == organization
    assert pilot.partnership.stage == Stage.PILOT
    event.refresh_from_db()
    assert event.organizer == organization


def test_an_organization_of_another_library_cannot_be_picked_as_organizer(
    staff_client, library, other_library
):
    theirs = Organization.objects.create(library=other_library, name="Elsewhere Club")
    event = make_event(library, organizer_name="Elsewhere Club")
    offer = offer_for(event)
    data = {
        "organization": theirs.pk,
        "kind": "join_event",
        "title": "Fair",
        "starts_on": "2026-10-03",
        "ends_on": "2026-10-03",
        "library_does": "Tent",
        "partner_does": "Space",
        "success_looks_like": "Fifty families",
    }
    response = staff_client.post(offer_url(offer, "accept"), data)
    assert response.status_code == 400
    assert not Pilot.objects.exists()
    assert not Partnership.objects.filter(library=library).exists()


def test_a_volunteer_can_look_but_not_change(volunteer_client, library, partner):
    event = make_event(library, organizer=partner)
    offer = offer_for(event)
    assert volunteer_client.get(EVENTS).status_code == 200
    html = volunteer_client.get(event_url(event)).content.decode()
    assert "A story tent with two staff" in html and "Mark accepted" not in html
    posts = [
        (EVENTS + "new/", {"title": "X", "organizer_name": "Y", "starts_on": "2026-10-03"}),
        (
            event_url(event, "edit/"),
            {"title": "X", "organizer_name": "Y", "starts_on": "2026-10-03"},
        ),
        (event_url(event, "offers/new/"), {"offer": "Flyers"}),
        (offer_url(offer, "answer"), {"status": "withdrawn"}),
        (offer_url(offer, "accept"), {"title": "X"}),
    ]
    for url, data in posts:
        assert volunteer_client.post(url, data).status_code == 403, url
    assert CommunityEvent.objects.get().title == "Harvest fair"
    assert SupportOffer.objects.get().status == OfferStatus.OFFERED


def test_another_librarys_member_gets_404_everywhere(outsider_client, library, partner):
    event = make_event(library, organizer=partner)
    offer = offer_for(event)
    urls = [
        EVENTS,
        EVENTS + "new/",
        event_url(event),
        event_url(event, "edit/"),
        event_url(event, "offers/new/"),
        offer_url(offer, "accept"),
        offer_url(offer, "answer"),
    ]
    for url in urls:
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"offer": "X", "status": "withdrawn"}).status_code == 404
    assert SupportOffer.objects.count() == 1


def test_an_offer_is_found_only_under_its_own_event(staff_client, library, partner):
    event = make_event(library, organizer=partner)
    other = make_event(library, title="Other", organizer=partner)
    offer = offer_for(event)
    wrong = f"{EVENTS}{other.pk}/offers/{offer.pk}/answer/"
    assert staff_client.post(wrong, {"status": "withdrawn"}).status_code == 404
