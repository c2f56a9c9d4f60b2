"""A partner's impact report: the numbers it counts, the page, the Word export, "shared", access.

One hand-made partnership with records inside the period, just outside it on both edges, and the
same kinds of records for another partnership and another library, which must not count.
"""

import datetime
import io
import re

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.outreach.models import CommunityEvent, Pilot, SupportOffer
from allies.partnerships.models import Commitment, Partnership
from allies.recognition.impact import Period, default_period, impact_for
from allies.recognition.impact_document import impact_document
from allies.stewardship.models import Contact, LibraryEvent
from allies.stewardship.reminders import Kind, reminders_for
from tests.document_checks import assert_one_source

SINCE, UNTIL = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
BEFORE, AFTER = SINCE - datetime.timedelta(days=1), UNTIL + datetime.timedelta(days=1)
QUERY = {"since": "2026-01-01", "until": "2026-06-30"}

EXPECTED = {
    "Pilots run together": 2,
    "Their events we helped": 1,
    "Invited to our events": 2,
    "Commitments they kept": 2,
    "Commitments we kept": 1,
    "Times they supported us": 2,
    "Thank-yous we sent": 1,
    "Results we shared": 1,
}


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def _record(model, partnership, **fields):
    return model.objects.create(library=partnership.library, partnership=partnership, **fields)


def _pilot(partnership, title, starts_on, ends_on, attendance, outcome=""):
    return _record(
        Pilot,
        partnership,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        attendance=attendance,
        outcome=outcome,
        library_does="Laptops and a librarian",
        partner_does="The common room",
        success_looks_like="Eight a week",
    )


def _contact(partnership, kind, day, note="", **extra):
    return _record(Contact, partnership, kind=kind, happened_on=day, note=note, **extra)


def _promise(partnership, owed_by, due_on, status="open", done_on=None, what="A promise"):
    return _record(
        Commitment,
        partnership,
        owed_by=owed_by,
        what=what,
        due_on=due_on,
        status=status,
        done_on=done_on,
    )


def _event(library, organizer, title, starts_on, offer_status=None):
    event = CommunityEvent.objects.create(
        library=library, title=title, organizer=organizer, starts_on=starts_on
    )
    if offer_status:
        SupportOffer.objects.create(
            library=library, event=event, offer="A story tent", status=offer_status
        )
    return event


def _everything(partnership, *, inside=True):
    """One of each record for `partnership`, dated inside the period when `inside`, else just
    outside it (both edges)."""
    library, organization = partnership.library, partnership.organization
    if not inside:
        for day in (BEFORE, AFTER):
            _pilot(partnership, "Outside", day, day, 7)
            _event(library, organization, "Outside fair", day, "accepted")
            _contact(partnership, "support", day, support_kind="funded")
            _contact(partnership, "thanks", day)
            _contact(partnership, "results", day)
            _promise(partnership, "partner", day - datetime.timedelta(days=3), "kept", day)
            _promise(partnership, "library", day, "missed")
        return
    _pilot(partnership, "Teen tech drop-in", d(2, 1), d(2, 28), 90, "Five job applications.")
    _pilot(partnership, "Summer kickoff", UNTIL, d(7, 10), 50)  # starts on the last day
    _event(library, organization, "Youth open mic", d(3, 5), "accepted")
    _event(library, organization, "Spring fair", d(4, 1), "turned_down")
    _contact(partnership, "support", SINCE, "Spoke at the hearing", support_kind="budget_meeting")
    _contact(partnership, "support", UNTIL, "Moved the collection", support_kind="volunteered")
    _contact(partnership, "thanks", d(1, 10), "Pizza for the residents")
    _contact(partnership, "results", d(3, 15), "First month's figures")
    _promise(partnership, "partner", d(3, 1), "kept", d(2, 25), what="Snacks every week")
    _promise(partnership, "partner", d(3, 1), "kept", d(3, 10), what="An attendance sheet")
    _promise(partnership, "partner", d(4, 1), "missed", what="A youth advocate")
    _promise(partnership, "partner", UNTIL, "open", what="A poster")
    _promise(partnership, "library", d(1, 5), "kept", SINCE, what="Six laptops")
    _promise(partnership, "library", UNTIL, "missed", what="A card day")


@pytest.fixture
def story(library, other_library, owner):
    shelter = Organization.objects.create(library=library, name="Lantern House")
    partnership = Partnership.objects.create(library=library, organization=shelter, lead=owner)
    _everything(partnership)
    _everything(partnership, inside=False)
    # Library events: invited (and came), invited the day before the period to an event inside it,
    # not invited (an invitation is for the next event only), and an event before the period.
    opening = LibraryEvent.objects.create(
        library=library, title="Teen room opening", starts_on=d(5, 10)
    )
    _contact(partnership, "invitation", d(4, 20), "Invited them to the opening")
    _contact(partnership, "chat", d(5, 10), "Came to the opening")
    LibraryEvent.objects.create(library=library, title="New year read-in", starts_on=d(1, 2))
    _contact(partnership, "invitation", BEFORE, "Invited them to the read-in")
    LibraryEvent.objects.create(library=library, title="Author talk", starts_on=d(5, 20))
    _contact(partnership, "problem", d(5, 20), "A mix-up about the drop-in")  # not a visit
    LibraryEvent.objects.create(library=library, title="Old party", starts_on=d(12, 30, 2025))
    _contact(partnership, "invitation", d(12, 1, 2025), "Invited them to the party")
    # The same kinds of records for another partner of the library and another library's partner.
    rotary = Organization.objects.create(library=library, name="Rotary Club")
    _everything(Partnership.objects.create(library=library, organization=rotary))
    elsewhere = Organization.objects.create(library=other_library, name="Lantern House")
    _everything(Partnership.objects.create(library=other_library, organization=elsewhere))
    return {"partnership": partnership, "opening": opening}


def _url(name, partnership):
    return reverse(f"recognition:{name}", args=["riverton", partnership.pk])


@pytest.mark.django_db
def test_the_chart_counts_what_happened_in_the_period_and_nothing_else(
    story, django_assert_num_queries
):
    partnership = Partnership.objects.select_related("organization").get(pk=story["partnership"].pk)
    with django_assert_num_queries(6):  # one query per kind of record, whatever their number
        impact = impact_for(partnership, Period(SINCE, UNTIL))
        rows = dict(impact.chart_rows())
    assert rows == EXPECTED
    assert impact.attendance == 140
    assert [pilot.outcome for pilot in impact.outcomes] == ["Five job applications."]
    assert (len(impact.partner_promises.on_time), len(impact.partner_promises.late)) == (1, 1)
    assert (len(impact.partner_promises.missed), len(impact.partner_promises.open)) == (1, 1)
    assert [row.event.title for row in impact.community_events] == ["Youth open mic", "Spring fair"]
    opening, read_in = sorted(impact.library_events, key=lambda row: row.event.title, reverse=True)
    assert (opening.event, opening.invited_on, opening.came) == (story["opening"], d(4, 20), True)
    assert (read_in.invited_on, read_in.came) == (BEFORE, False)
    assert impact.summary() == [
        "Together we ran 2 pilots that 140 people attended.",
        "The library helped with 1 community event organized by Lantern House. "
        "We invited Lantern House to 2 library events; they came to 1.",
        "Lantern House made 4 commitments: 2 were kept, 1 was missed and 1 is still open. "
        "The library made 2 commitments: 1 was kept and 1 was missed.",
        "Lantern House supported the library 2 times.",
        "The library thanked them once and shared results with them once.",
    ]


@pytest.mark.django_db
def test_an_empty_period_says_so_plainly(story):
    impact = impact_for(story["partnership"], Period(d(1, 1, 2020), d(12, 31, 2020)))
    assert impact.is_empty
    assert impact.summary() == [
        "Nothing done with Lantern House was recorded between 1 January 2020 and 31 December 2020."
    ]
    assert all(count == 0 for _label, count in impact.chart_rows())


@pytest.mark.django_db
def test_one_of_each_reads_in_the_singular(library):
    organization = Organization.objects.create(library=library, name="Food Shelf")
    partnership = Partnership.objects.create(library=library, organization=organization)
    _pilot(partnership, "Cooking class", d(2, 1), d(2, 1), 1)
    _promise(partnership, "partner", d(3, 1), "kept", d(3, 1))
    _promise(partnership, "library", d(3, 1), "missed")
    _contact(partnership, "support", d(3, 2))
    _contact(partnership, "results", d(3, 3))
    LibraryEvent.objects.create(library=library, title="Author talk", starts_on=d(5, 20))
    _contact(partnership, "visit", d(5, 20), "Stayed for the talk")
    assert impact_for(partnership, Period(SINCE, UNTIL)).summary() == [
        "Together we ran 1 pilot that 1 person attended.",
        "Food Shelf came to 1 library event.",
        "Food Shelf kept its commitment. The library missed its commitment.",
        "Food Shelf supported the library once.",
        "The library shared results with them once.",
    ]


def test_the_default_period_is_the_last_twelve_months_both_days_included():
    assert default_period(d(11, 22)) == Period(d(11, 23, 2025), d(11, 22))
    assert default_period(d(2, 29, 2028)) == Period(d(3, 1, 2027), d(2, 29, 2028))
    assert Period(d(6, 30, 2021), UNTIL).is_too_long is False
    assert Period(d(6, 29, 2021), UNTIL).is_too_long is True


def _chart_table(html: str) -> dict[str, int]:
    table = html.split('<table class="table table--compact">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="number">(\d+)</td>', table)
    return {label: int(number) for label, number in rows}


@pytest.mark.django_db
def test_the_page_draws_the_chart_and_prints_its_numbers(owner_client, story):
    response = owner_client.get(_url("impact_report", story["partnership"]), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert _chart_table(html) == EXPECTED
    chart = response.context["chart"]
    assert {bar.label: bar.value for bar in chart.bars} == EXPECTED
    assert "Together we ran 2 pilots that 140 people attended." in html
    assert "Five job applications." in html and "Kept late, on 10 Mar 2026" in html
    assert "Mark as shared with the partner" in html
    assert 'role="img"' in html


@pytest.mark.django_db
def test_the_printable_version_has_the_report_without_the_period_form(owner_client, story):
    response = owner_client.get(_url("impact_report", story["partnership"]), {**QUERY, "print": 1})
    html = response.content.decode()
    assert _chart_table(html) == EXPECTED
    assert "Back to the impact report" in html
    assert "Show this period" not in html and "Mark as shared" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-06-30", "until": "2026-01-01"}, "must be on or after its start"),
        ({"since": "31/31/2026", "until": "2026-06-30"}, "Enter a real date"),
        ({"since": "2026-01-01", "until": "99999-01-01"}, "Enter a real date"),
        ({"since": "2019-01-01", "until": "2026-06-30"}, "at most 5 years"),
        ({"since": "0001-01-01", "until": "0001-01-02"}, None),
        ({"until": "0001-01-01"}, None),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_the_default_period(
    owner_client, story, query, message
):
    response = owner_client.get(_url("impact_report", story["partnership"]), query)
    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html and "There is a problem with the period" in html
        assert response.context["period"] == default_period(timezone.localdate())
    else:  # far back but valid: an honest empty report
        assert "Nothing done with Lantern House was recorded" in html


def _docx_text(content: bytes) -> tuple[str, docx.Document]:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document


@pytest.mark.django_db
def test_the_word_export_reads_back_and_converts_to_pdf(owner_client, story, to_pdf):
    response = owner_client.get(_url("impact_report_docx", story["partnership"]), QUERY)
    assert response.status_code == 200
    assert "impact-Lantern-House-2026-01-01-2026-06-30.docx" in response["Content-Disposition"]
    text, document = _docx_text(response.content)
    assert "Impact report: Lantern House" in text and "Riverton Public Library" in text
    assert "Together we ran 2 pilots that 140 people attended." in text
    assert "Lantern House made 4 commitments: 2 were kept" in text
    chart = next(t for t in document.tables if t.rows[0].cells[1].text == "Bar")
    numbers = {row.cells[0].text: int(row.cells[2].text) for row in chart.rows[1:]}
    assert numbers == EXPECTED
    pdf = to_pdf(response.content)
    assert pdf.startswith(b"%PDF")


def _share_results_reminders(library, partnership):
    return [
        r
        for r in reminders_for(library, day=timezone.localdate())
        if r.kind == Kind.SHARE_RESULTS and r.partnership_id == partnership.pk
    ]


@pytest.mark.django_db
def test_marking_shared_logs_one_results_contact_and_answers_the_reminder(
    owner_client, owner, library
):
    today = timezone.localdate()
    organization = Organization.objects.create(library=library, name="Lantern House")
    partnership = Partnership.objects.create(
        library=library, organization=organization, lead=owner, stage="active"
    )
    ended = today - datetime.timedelta(days=5)
    _pilot(partnership, "Teen tech drop-in", ended - datetime.timedelta(days=30), ended, 91)
    assert len(_share_results_reminders(library, partnership)) == 1

    response = owner_client.post(
        _url("impact_report_shared", partnership), {"since": "2026-01-01", "until": "2026-06-30"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?since=2026-01-01&until=2026-06-30")
    contact = Contact.objects.get(partnership=partnership)
    assert (contact.kind, contact.happened_on, contact.logged_by) == ("results", today, owner)
    assert contact.note == "Impact report 1 Jan 2026 – 30 Jun 2026"
    assert _share_results_reminders(library, partnership) == []
    page = owner_client.get(response["Location"]).content.decode()
    assert "Any reminder to share results with them is answered." in page


@pytest.mark.django_db
def test_an_archived_partnership_cannot_be_marked_shared(owner_client, story):
    partnership = story["partnership"]
    partnership.archive()
    response = owner_client.post(_url("impact_report_shared", partnership), QUERY)
    assert response.status_code == 302
    assert not Contact.objects.filter(partnership=partnership, note__startswith="Impact").exists()


@pytest.mark.django_db
def test_a_volunteer_reads_the_report_but_cannot_mark_it_shared(volunteer_client, story):
    partnership = story["partnership"]
    before = Contact.objects.filter(partnership=partnership).count()
    page = volunteer_client.get(_url("impact_report", partnership), QUERY)
    assert page.status_code == 200 and "Mark as shared" not in page.content.decode()
    assert volunteer_client.get(_url("impact_report_docx", partnership)).status_code == 200
    response = volunteer_client.post(_url("impact_report_shared", partnership), QUERY)
    assert response.status_code == 403
    assert Contact.objects.filter(partnership=partnership).count() == before


@pytest.mark.django_db
def test_another_librarys_member_gets_404_and_logs_nothing(outsider_client, story):
    partnership = story["partnership"]
    before = Contact.objects.filter(partnership=partnership).count()
    for name in ("impact_report", "impact_report_docx", "impact_report_shared"):
        assert outsider_client.get(_url(name, partnership)).status_code == 404
        assert outsider_client.post(_url(name, partnership), QUERY).status_code == 404
    assert Contact.objects.filter(partnership=partnership).count() == before


@pytest.mark.django_db
def test_an_outsiders_own_partnership_id_in_our_library_is_404(owner, other_library):
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere Club")
    theirs = Partnership.objects.create(library=other_library, organization=elsewhere)
    client = Client()
    client.force_login(owner)
    assert client.get(_url("impact_report", theirs)).status_code == 404
    assert client.post(_url("impact_report_shared", theirs)).status_code == 404


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(client, story):
    for name in ("impact_report", "impact_report_docx", "impact_report_shared"):
        response = client.post(_url(name, story["partnership"]))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_partnership_page_links_to_the_report(owner_client, story):
    partnership = story["partnership"]
    page = owner_client.get(reverse("partnerships:detail", args=["riverton", partnership.pk]))
    assert _url("impact_report", partnership) in page.content.decode()


@pytest.mark.django_db
def test_the_sample_library_has_a_full_impact_report():
    """docs/impact.md names Hearthstone as the sample's richest report: every part has something."""
    from allies import sample_data

    sample_data.load_sample_data(include_irs=False)
    hearthstone = Partnership.objects.select_related("organization").get(
        library__slug="sample", organization__name="Hearthstone Club of Maple Ford"
    )
    impact = impact_for(hearthstone, default_period(timezone.localdate()))
    rows = dict(impact.chart_rows())
    empty = [label for label, count in rows.items() if not count]
    assert empty == ["Their events we helped"]  # their harvest fair is still to come
    assert impact.attendance == 64 and impact.outcomes
    assert impact.partner_promises.kept and impact.library_promises.kept
    lantern = Partnership.objects.get(
        library__slug="sample", organization__name="Lantern House Youth Shelter"
    )
    assert dict(impact_for(lantern, impact.period).chart_rows())["Their events we helped"] == 1


@pytest.mark.django_db
def test_the_page_and_the_word_file_are_one_document(owner_client, story):
    """Every heading, sentence and cell of the report is on the page and in the Word file: both
    render the one document recognition/impact_document.py builds."""
    partnership = story["partnership"]
    page = owner_client.get(_url("impact_report", partnership), {**QUERY, "print": "1"})
    word = owner_client.get(_url("impact_report_docx", partnership), QUERY)
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    document = impact_document(impact_for(partnership, period), timezone.localdate(), links=False)
    assert any(section.subsections for section in document.sections)  # the pilots, one by one
    assert_one_source(document, page.content, word.content)
