"""The contact log: logging in seconds (volunteers too), refusing bad input, the partnership page, the
library's list with filters, editing and removing."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Affiliation, Organization, Person
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LOG = "/l/riverton/stewardship/log/"
CONTACTS = "/l/riverton/stewardship/contacts/"


@pytest.fixture
def partnership(library):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )


@pytest.fixture
def director(library, partnership):
    person = Person.objects.create(library=library, name="Dana Reyes")
    Affiliation.objects.create(
        person=person, organization=partnership.organization, role="Director"
    )
    return person


def detail_url(partnership):
    return f"/l/riverton/partners/{partnership.pk}/"


def log_data(partner, **fields):
    return {
        "partnership": partner.pk,
        "person": "",
        "kind": "visit",
        "happened_on": TODAY.isoformat(),
        "note": "Dropped by with the fair's flyers.",
        **fields,
    }


def test_staff_log_a_visit_and_go_back_to_the_partnership(
    staff_client, staff, partnership, director
):
    response = staff_client.post(LOG, log_data(partnership, person=director.pk))
    assert response.status_code == 302
    assert response["Location"] == detail_url(partnership)
    contact = Contact.objects.get()
    assert (contact.partnership, contact.person, contact.kind) == (partnership, director, "visit")
    assert contact.logged_by == staff and contact.library_id == partnership.library_id
    page = staff_client.get(detail_url(partnership)).content.decode()
    assert "Dropped by with the fair&#x27;s flyers." in page
    assert "Sam Staff" in page


def test_a_volunteer_can_log_a_contact(volunteer_client, volunteer, partnership):
    response = volunteer_client.post(LOG, log_data(partnership, kind="chat"))
    assert response.status_code == 302
    assert Contact.objects.get().logged_by == volunteer


def test_the_form_preselects_the_partner_offers_its_people_and_today(
    staff_client, partnership, director, library
):
    elsewhere = Organization.objects.create(library=library, name="Garden Club")
    stranger = Person.objects.create(library=library, name="Pat Stranger")
    Affiliation.objects.create(person=stranger, organization=elsewhere)
    left = Person.objects.create(library=library, name="Lee Left")
    Affiliation.objects.create(
        person=left, organization=partnership.organization, ended_on=TODAY - DAY
    )
    response = staff_client.get(f"{LOG}?partnership={partnership.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{partnership.pk}" selected>' in html
    assert "Dana Reyes" in html and "Pat Stranger" not in html and "Lee Left" not in html
    assert f'value="{TODAY.isoformat()}"' in html
    assert f'max="{TODAY.isoformat()}"' in html  # the date picker offers no future day
    assert "Spoke at a budget meeting" in html and "Miscommunication" in html


def test_next_inside_allies_is_followed_and_one_outside_is_not(staff_client, partnership):
    response = staff_client.post(LOG, log_data(partnership, next="/l/riverton/partners/"))
    assert response["Location"] == "/l/riverton/partners/"
    response = staff_client.post(LOG, log_data(partnership, next="https://evil.example/"))
    assert response["Location"] == detail_url(partnership)
    response = staff_client.post(LOG, log_data(partnership, next="//evil.example/x"))
    assert response["Location"] == detail_url(partnership)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"partnership": ""}, "partnership", "Choose the partner"),
        ({"kind": "support"}, "support_kind", "Say what support they gave"),
        ({"kind": "problem"}, "problem_kind", "Say what the problem was"),
        ({"happened_on": (TODAY + DAY).isoformat()}, "happened_on", "cannot be in the future"),
        ({"happened_on": "0001-01-01"}, "happened_on", "too long ago"),
        ({"happened_on": "2026-02-30"}, "happened_on", "Enter a valid date"),
        ({"kind": ""}, "kind", "Choose what kind"),
        (
            {"kind": "support", "support_kind": "funded", "outcome_due_on": TODAY.isoformat()},
            "outcome_due_on",
            "only for support at a budget meeting",
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_keeps_what_was_typed(
    staff_client, partnership, fields, field, message
):
    response = staff_client.post(LOG, log_data(partnership, note="Keep this note", **fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "Keep this note" in html
    assert not Contact.objects.exists()


def test_a_pasted_megabyte_of_note_is_refused_and_nothing_saved(staff_client, partnership):
    response = staff_client.post(LOG, log_data(partnership, note="x" * 1_000_000))
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert not Contact.objects.exists()
    response = staff_client.post(LOG, log_data(partnership, note="x" * 5000))
    assert response.status_code == 302
    assert len(Contact.objects.get().note) == 5000


def test_a_body_that_is_not_utf8_is_refused_without_saving(staff_client, partnership):
    response = staff_client.post(
        LOG, b"partnership=\xff\xfe&kind=visit", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_a_partnership_of_another_library_is_refused(staff_client, partnership, other_library):
    theirs = Partnership.objects.create(
        library=other_library,
        organization=Organization.objects.create(library=other_library, name="Their Club"),
        stage=Stage.ACTIVE,
    )
    response = staff_client.post(LOG, log_data(theirs))
    assert response.status_code == 400
    assert "Choose one of the library" in response.content.decode()
    assert not Contact.objects.exists()


def test_archived_and_closed_partnerships_are_not_offered_but_an_ended_one_can_be_thanked(
    staff_client, partnership, library
):
    ended = Partnership.objects.create(
        library=library,
        organization=Organization.objects.create(library=library, name="Old Partner"),
        stage=Stage.ENDED,
    )
    assert "Old Partner" not in staff_client.get(LOG).content.decode()
    # Not listed, but chosen from its own page (a last thank-you) it can be logged.
    page = staff_client.get(LOG, {"partnership": ended.pk, "kind": "thanks"})
    assert page.context["form"].initial["kind"] == "thanks"
    assert staff_client.post(LOG, log_data(ended)).status_code == 302
    assert Contact.objects.get().partnership == ended
    partnership.archive()
    assert staff_client.post(LOG, log_data(partnership)).status_code == 400


def test_a_person_not_at_that_organization_is_refused(staff_client, partnership, library):
    stranger = Person.objects.create(library=library, name="Pat Stranger")
    Affiliation.objects.create(
        person=stranger, organization=Organization.objects.create(library=library, name="Other")
    )
    response = staff_client.post(LOG, log_data(partnership, person=stranger.pk))
    assert response.status_code == 400
    assert "Choose someone who works at this partner now" in response.content.decode()
    assert not Contact.objects.exists()


def test_support_at_a_budget_meeting_keeps_its_decision_date(staff_client, partnership):
    decision = TODAY + 20 * DAY
    response = staff_client.post(
        LOG,
        log_data(
            partnership,
            kind="support",
            support_kind="budget_meeting",
            outcome_due_on=decision.isoformat(),
            problem_kind="controlling",
        ),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.support_kind, contact.outcome_due_on) == ("budget_meeting", decision)
    assert contact.problem_kind == ""  # only a problem keeps a problem kind


def test_many_partnerships_ask_for_a_search_first(staff_client, library, settings, monkeypatch):
    monkeypatch.setattr("allies.stewardship.log_views.SELECT_LIMIT", 2)
    for name in ["Alpha Club", "Beta Guild", "Gamma Society"]:
        Partnership.objects.create(
            library=library,
            organization=Organization.objects.create(library=library, name=name),
            stage=Stage.ACTIVE,
        )
    html = staff_client.get(LOG).content.decode()
    assert 'name="q"' in html and "Beta Guild" not in html
    html = staff_client.get(LOG, {"q": "guild"}).content.decode()
    beta = Partnership.objects.get(organization__name="Beta Guild")
    assert f"?partnership={beta.pk}" in html and "Alpha Club" not in html
    html = staff_client.get(LOG, {"partnership": beta.pk}).content.decode()
    assert "Log a contact with Beta Guild" in html


def test_the_partnership_page_shows_the_latest_ten_and_links(staff_client, staff, partnership):
    for days in range(12):
        Contact.objects.create(
            library=partnership.library,
            partnership=partnership,
            kind="call",
            happened_on=TODAY - days * DAY,
            note=f"Call number {days}",
            logged_by=staff,
        )
    html = staff_client.get(detail_url(partnership)).content.decode()
    assert "Call number 9" in html and "Call number 10" not in html
    assert html.index("Call number 0") < html.index("Call number 9")
    assert f"{LOG}?partnership={partnership.pk}" in html
    assert f"{CONTACTS}?partnership={partnership.pk}" in html


def test_the_partnership_page_stays_within_a_fixed_number_of_queries(
    staff_client, staff, partnership, director
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(count):
        Contact.objects.all().delete()
        for days in range(count):
            Contact.objects.create(
                library=partnership.library,
                partnership=partnership,
                person=director,
                kind="support",
                support_kind="funded",
                happened_on=TODAY - days * DAY,
                logged_by=staff,
            )
        staff_client.get(detail_url(partnership))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(detail_url(partnership))
        return len(captured.captured_queries)

    assert queries_with(10) == queries_with(2)  # no query per contact


@pytest.fixture
def timeline(library, partnership, staff, volunteer):
    other = Partnership.objects.create(
        library=library,
        organization=Organization.objects.create(library=library, name="Garden Club"),
        stage=Stage.EXPLORING,
    )
    rows = [
        (partnership, "call", 1, staff, "Rotary call"),
        (partnership, "thanks", 5, volunteer, "Rotary thanks"),
        (other, "call", 10, staff, "Garden call"),
        (other, "visit", 40, volunteer, "Garden visit"),
    ]
    return [
        Contact.objects.create(
            library=library,
            partnership=p,
            kind=kind,
            happened_on=TODAY - days * DAY,
            logged_by=who,
            note=note,
        )
        for p, kind, days, who, note in rows
    ]


def notes_in(response):
    return [c.note for c in response.context["page_obj"].object_list]


def test_the_contact_list_is_newest_first_and_filters(staff_client, timeline, partnership, staff):
    assert notes_in(staff_client.get(CONTACTS)) == [
        "Rotary call",
        "Rotary thanks",
        "Garden call",
        "Garden visit",
    ]
    by_partner = staff_client.get(CONTACTS, {"partnership": partnership.pk})
    assert notes_in(by_partner) == ["Rotary call", "Rotary thanks"]
    assert notes_in(staff_client.get(CONTACTS, {"kind": "call"})) == ["Rotary call", "Garden call"]
    assert notes_in(staff_client.get(CONTACTS, {"logged_by": staff.pk})) == [
        "Rotary call",
        "Garden call",
    ]
    dates = {"since": (TODAY - 10 * DAY).isoformat(), "until": (TODAY - 5 * DAY).isoformat()}
    assert notes_in(staff_client.get(CONTACTS, dates)) == ["Rotary thanks", "Garden call"]
    # Nonsense filters are ignored, never an error page.
    response = staff_client.get(CONTACTS, {"kind": "nonsense", "since": "yesterday", "page": "x"})
    assert response.status_code == 200 and len(notes_in(response)) == 4


def test_the_contact_list_pages_by_fifty_in_bounded_queries(
    staff_client, staff, partnership, django_assert_max_num_queries
):
    Contact.objects.bulk_create(
        Contact(
            library=partnership.library,
            partnership=partnership,
            kind="call",
            happened_on=TODAY - (n % 300) * DAY,
            logged_by=staff,
        )
        for n in range(120)
    )
    staff_client.get(CONTACTS)
    with django_assert_max_num_queries(12):
        response = staff_client.get(CONTACTS, {"page": 3})
    assert len(response.context["page_obj"].object_list) == 20
    assert response.context["page_obj"].paginator.num_pages == 3


def test_the_one_who_logged_it_edits_it_a_volunteer_only_their_own(
    volunteer_client, timeline, partnership
):
    own, someone_elses = timeline[1], timeline[0]
    url = f"{CONTACTS}{own.pk}/edit/"
    assert volunteer_client.get(url).status_code == 200
    response = volunteer_client.post(url, log_data(partnership, kind="thanks", note="A card"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.note == "A card"
    assert volunteer_client.get(f"{CONTACTS}{someone_elses.pk}/edit/").status_code == 403
    response = volunteer_client.post(f"{CONTACTS}{someone_elses.pk}/remove/")
    assert response.status_code == 403
    assert Contact.objects.filter(pk=someone_elses.pk).exists()


def test_staff_edit_anyones_contact_and_bad_edits_are_refused(staff_client, timeline, partnership):
    theirs = timeline[1]
    url = f"{CONTACTS}{theirs.pk}/edit/"
    future = (TODAY + DAY).isoformat()
    response = staff_client.post(url, log_data(partnership, happened_on=future, note="Changed"))
    assert response.status_code == 400 and "Changed" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.note == "Rotary thanks"


def test_removing_asks_first_then_removes(staff_client, timeline, partnership):
    contact = timeline[0]
    url = f"{CONTACTS}{contact.pk}/remove/"
    page = staff_client.get(url)
    assert page.status_code == 200 and "Remove this contact" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()
    response = staff_client.post(url)
    assert response["Location"] == detail_url(partnership)
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_outsiders_get_404_everywhere(outsider_client, timeline):
    contact = timeline[0]
    for url in [LOG, CONTACTS, f"{CONTACTS}{contact.pk}/edit/", f"{CONTACTS}{contact.pk}/remove/"]:
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.post(url, {}).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_header_links_to_the_log_from_library_pages_only(volunteer_client, client):
    html = volunteer_client.get("/l/riverton/partners/").content.decode()
    assert f'href="{LOG}?next=/l/riverton/partners/"' in html
    assert f'href="{LOG}"' in volunteer_client.get(LOG).content.decode()
    client.logout()
    assert "Log a contact" not in client.get("/accounts/login/").content.decode()


def test_editing_keeps_a_person_who_has_since_left(staff_client, partnership, director, staff):
    contact = Contact.objects.create(
        library=partnership.library,
        partnership=partnership,
        person=director,
        kind="meeting",
        logged_by=staff,
    )
    director.affiliations.update(ended_on=TODAY)
    url = f"{CONTACTS}{contact.pk}/edit/"
    data = log_data(partnership, person=director.pk, kind="meeting", note="Their last meeting")
    assert staff_client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert (contact.person, contact.note) == (director, "Their last meeting")
    assert staff_client.post(LOG, data).status_code == 400  # but no new contact with them


def test_the_header_link_on_a_partnership_page_chooses_that_partner(staff_client, partnership):
    html = staff_client.get(detail_url(partnership)).content.decode()
    here = detail_url(partnership)
    assert f'href="{LOG}?next={here}&amp;partnership={partnership.pk}"' in html


def test_the_header_box_gets_the_form_ready_to_type(staff_client, partnership):
    boxed = staff_client.get(LOG, headers={"HX-Request": "true"}).content.decode()
    assert 'id="contact-log-form"' in boxed and "autofocus" in boxed
    assert "autofocus" not in staff_client.get(LOG).content.decode()
    header = staff_client.get("/l/riverton/partners/").content.decode()
    assert 'hx-target="#quick-log"' in header and 'id="quick-log"' in header
