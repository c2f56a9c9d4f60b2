"""The dashboard and the annual report: pages, CSV, Word, bad input, who may see them."""

import csv
import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Audience, Organization
from allies.outreach.models import Pilot
from allies.partnerships.models import Partnership
from allies.recognition import reports
from allies.recognition.annual_document import annual_document
from allies.stewardship.models import Contact
from tests.document_checks import assert_one_source

THIS_YEAR = timezone.localdate().year


def url(name, library, query=""):
    return reverse(f"recognition:{name}", args=[library.slug]) + (f"?{query}" if query else "")


@pytest.fixture
def partners(library, staff):
    """An active partner reaching an audience whose name looks like a formula, and one that ended."""
    today = timezone.localdate()
    sneaky = Audience.objects.create(library=library, name="=HYPERLINK(1)", slug="sneaky")
    shelter = Organization.objects.create(library=library, name="Lantern House", sector="health")
    shelter.audiences.set([sneaky])
    lantern = Partnership.objects.create(library=library, organization=shelter, lead=staff)
    lantern.move_to("active", by=staff, reason="A weekly drop-in works.")
    courier = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Courier")
    )
    courier.move_to("active", by=staff)
    courier.move_to("ended", by=staff, reason="They cut their print edition.")
    Pilot.objects.create(
        library=library,
        partnership=lantern,
        title="Teen tech drop-in",
        starts_on=today,
        ends_on=today,
        library_does="Laptops",
        partner_does="A room",
        success_looks_like="Ten teens",
        attendance=37,
    )
    Contact.objects.create(library=library, partnership=lantern, kind="thanks", happened_on=today)
    return {"lantern": lantern, "courier": courier}


def figures(html):
    """{section id: (numbers drawn in the svg, numbers in the table)} for each figure."""
    found = {}
    for section in re.findall(r'<section class="[^"]*report-figure.*?</section>', html, re.S):
        key = re.search(r'aria-labelledby="figure-([\w-]+)"', section).group(1)
        svg = re.search(r"<svg.*?</svg>", section, re.S).group(0)
        table = re.search(r"<tbody>.*?</tbody>", section, re.S).group(0)
        drawn = re.findall(r'data-value="([^"]*)"', svg)
        printed = re.findall(r'<td class="number">([^<]*)</td>', table)
        found[key] = (drawn, printed)
    return found


@pytest.mark.django_db
def test_every_chart_draws_the_numbers_its_table_prints(volunteer_client, library, partners):
    response = volunteer_client.get(url("dashboard", library))
    assert response.status_code == 200
    html = response.content.decode()
    found = figures(html)
    assert set(found) == {
        "stages", "sectors", "new-and-ended", "audiences", "reminders", "habits-said", "habits-log",
    }  # fmt: skip
    for key, (drawn, printed) in found.items():
        assert drawn == printed, key
    stages, _printed = found["stages"]
    assert stages == ["0", "0", "0", "0", "1", "0", "0", "1"]
    assert found["new-and-ended"][0] == ["2", "2", "1", "0"]
    assert len(found["reminders"][0]) == 12 * 4
    assert 'aria-current="page">Reports</a>' in html


@pytest.mark.django_db
def test_each_table_downloads_as_csv_with_formulas_neutralised(owner_client, library, partners):
    response = owner_client.get(url("dashboard", library, f"year={THIS_YEAR}&download=audiences"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="riverton-audiences-{THIS_YEAR}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Audience", "Partners reaching it"]
    assert rows[1] == ["'=HYPERLINK(1)", "1"]
    stages = owner_client.get(url("dashboard", library, "download=stages"))
    rows = list(csv.reader(io.StringIO(stages.content.decode("utf-8-sig"))))
    assert rows[1:] == [
        ["Prospect", "0"], ["Reaching out", "0"], ["Exploring", "0"], ["Pilot", "0"],
        ["Active", "1"], ["Paused", "0"], ["Declined", "0"], ["Ended", "1"],
    ]  # fmt: skip
    habits = owner_client.get(url("dashboard", library, "download=habits-log"))
    header = next(csv.reader(io.StringIO(habits.content.decode("utf-8-sig"))))
    assert header == ["Quarter", "Chances followed", "Chances missed", "Followed (%)"]
    assert owner_client.get(url("dashboard", library, "download=nope")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["year=abcd", "year=20255", "year=1850", "since=2025-02-30&until=2025-03-01"]
)
def test_a_bad_period_shows_this_year_and_says_so(owner_client, library, query):
    response = owner_client.get(url("dashboard", library, query))
    assert response.status_code == 200
    assert response.context["report"].period.since == datetime.date(THIS_YEAR, 1, 1)
    assert "Showing" in response.content.decode()
    assert owner_client.get(url("annual_report", library, query)).status_code == 200


@pytest.mark.django_db
def test_a_period_of_your_own(owner_client, library, partners):
    response = owner_client.get(url("dashboard", library, "since=2025-03-01&until=2025-05-31"))
    assert response.status_code == 200
    assert "1 Mar 2025 to 31 May 2025" in response.content.decode()
    rows = response.context["report"].table("reminders").rows
    assert [row[0] for row in rows] == ["Mar 2025", "Apr 2025", "May 2025"]


@pytest.mark.django_db
def test_an_empty_library_says_what_to_do_first(owner_client, library):
    html = owner_client.get(url("dashboard", library)).content.decode()
    assert "No partnership to report on yet" in html


@pytest.mark.django_db
def test_annual_report_for_the_board(volunteer_client, library, partners):
    response = volunteer_client.get(url("annual_report", library, f"year={THIS_YEAR}"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Today the library works with 1 partner (active or in a pilot)." in html
    assert "They cut their print edition." in html
    assert "Lantern House · " in html and "A weekly drop-in works." in html
    assert "Teen tech drop-in" in html and ">37<" in html
    assert "Lantern House: one thank-you" in html
    drawn_and_printed = figures(html).values()
    assert len(drawn_and_printed) >= 5
    for drawn, printed in drawn_and_printed:
        assert drawn == printed
    printable = volunteer_client.get(url("annual_report", library, "print=1")).content.decode()
    assert "Back to the annual report" in printable and "They cut their print edition." in printable


@pytest.mark.django_db
def test_annual_report_as_word_opens_and_converts(owner_client, library, partners, to_pdf):
    response = owner_client.get(url("annual_report_docx", library, f"year={THIS_YEAR}"))
    assert response.status_code == 200
    assert f"riverton-annual-report-{THIS_YEAR}.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert f"Annual partnership report {THIS_YEAR}" in text
    assert "Today the library works with 1 partner (active or in a pilot)." in text
    assert "Partnerships by stage at the end of the period" in text
    assert "Teen tech drop-in" in cells and "37" in cells
    assert any(
        "They cut their print edition." in paragraph.text for paragraph in document.paragraphs
    )
    assert any("A weekly drop-in works." in paragraph.text for paragraph in document.paragraphs)
    pdf = to_pdf(response.content)
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "annual_report", "annual_report_docx"])
def test_outsiders_get_404_and_strangers_sign_in(client, outsider, library, name):
    target = url(name, library)
    response = client.get(target)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(outsider)
    assert client.get(target).status_code == 404
    assert client.get(url(name, library, "download=stages")).status_code == 404


@pytest.mark.django_db
def test_an_older_year_can_be_chosen_and_each_habit_is_in_the_annual_report(
    owner_client, library, partners
):
    html = owner_client.get(url("dashboard", library, "year=2003")).content.decode()
    assert '<option value="2003" selected>' in html
    annual = owner_client.get(url("annual_report", library)).content.decode()
    assert "Each habit over the period, from the contact log" in annual
    assert "Thank partners after they support the library" in annual


@pytest.mark.django_db
def test_the_page_and_the_word_file_are_one_document(owner_client, library, partners):
    """Every heading, sentence, cell and figure of the annual report is on the printable page and
    in the Word file: both render the one document recognition/annual_document.py builds."""
    page = owner_client.get(url("annual_report", library, f"year={THIS_YEAR}&print=1"))
    word = owner_client.get(url("annual_report_docx", library, f"year={THIS_YEAR}"))
    report = reports.build(library, reports.Period.year(THIS_YEAR), today=timezone.localdate())
    lists = reports.annual_lists(library, report.period)
    document = annual_document(library, report, lists, links=False)
    assert_one_source(document, page.content, word.content)
