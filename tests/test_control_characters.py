"""Control characters: forms and imports drop them; every export opens whatever the records hold.

Every character from U+0000 to U+001F and from U+007F to U+009F goes into every text field that an
export carries (saved straight into the database, as older data or another program could have),
then each export is opened by the program that reads it: csv, openpyxl, python-docx (and LibreOffice
for one), icalendar, json.
"""

import csv
import datetime
import io
import json
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from allies.core import text
from allies.directory.models import Affiliation, Audience, Organization, Person
from allies.partnerships.models import Partnership
from allies.stewardship.models import CalendarFeed, Contact
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db

# PostgreSQL cannot store NUL in text at all (forms and imports strip it before it gets there), so
# there the records start from U+0001.
FIRST = 0x01 if connection.vendor == "postgresql" else 0x00
CONTROLS = "".join(chr(c) for c in [*range(FIRST, 0x20), *range(0x7F, 0xA0)])
DIRTY = f"A{CONTROLS}Z"
# What survives in every export: tab and newline (a carriage return becomes a newline).
KEPT = "A\t\n\nZ"

ORGANIZATION_TEXT = [
    "name", "ntee_code", "ein", "mission", "current_interests", "website", "address", "city",
    "state", "zip_code", "phone", "email", "needs", "notes",
]  # fmt: skip
PERSON_TEXT = ["name", "email", "phone", "notes"]


def _limited(model, name, value):
    limit = model._meta.get_field(name).max_length
    return value if not limit else value[: max(limit, 2)]


@pytest.fixture
def dirty(library, owner):
    organization = Organization.objects.create(
        library=library,
        **{name: _limited(Organization, name, f"{name}{DIRTY}") for name in ORGANIZATION_TEXT},
    )
    audience = Audience.objects.filter(library=library).first()
    audience.name = f"Teens{DIRTY}"
    audience.save()
    organization.audiences.add(audience)
    person = Person.objects.create(
        library=library,
        **{name: _limited(Person, name, f"{name}{DIRTY}") for name in PERSON_TEXT},
    )
    Affiliation.objects.create(person=person, organization=organization, role=f"Chair{DIRTY}")
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=owner,
        started_on=timezone.localdate() - datetime.timedelta(days=400),
    )  # fmt: skip
    Contact.objects.create(
        library=library, partnership=partnership, kind="support",
        happened_on=timezone.localdate() - datetime.timedelta(days=200), note=f"Note{DIRTY}",
    )  # fmt: skip
    return organization


def _assert_clean(values):
    for value in values:
        if isinstance(value, str):
            assert not text.CONTROL_CHARACTERS.search(value), repr(value)
            assert "\r" not in value


def test_strip_controls_keeps_tab_and_newline():
    assert text.strip_controls(DIRTY) == KEPT
    assert text.for_files(DIRTY + "\ufffe") == KEPT


@pytest.mark.parametrize("what", ["organizations", "people"])
def test_csv_and_xlsx_exports_open(staff_client, dirty, what):
    url = reverse("directory:export", args=["riverton"])
    response = staff_client.get(url, {"what": what, "format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2
    _assert_clean(rows[1])
    assert any(value and "A\t\n\nZ" in value for value in rows[1])

    response = staff_client.get(url, {"what": what, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"), newline="")))
    _assert_clean(rows[1])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_command_writes_the_file(dirty, tmp_path, file_format):
    path = tmp_path / f"out.{file_format}"
    call_command(
        "export", "organizations", "--library", "riverton", "--format", file_format,
        "--output", str(path), stdout=StringIO(),
    )  # fmt: skip
    assert path.stat().st_size > 0
    if file_format == "xlsx":
        openpyxl.load_workbook(path)


def test_the_calendar_feed_opens(dirty, owner, library):
    feed = CalendarFeed.objects.create(library=library, user=owner)
    response = Client().get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        _assert_clean([str(event["SUMMARY"]), str(event["DESCRIPTION"])])


def _docx_texts(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return parts


def test_word_exports_open(owner_client, dirty, to_pdf):
    partnership = Partnership.objects.get(organization=dirty)
    year = timezone.localdate().year
    urls = [
        reverse("recognition:annual_report_docx", args=["riverton"]) + f"?year={year}",
        reverse("recognition:impact_report_docx", args=["riverton", partnership.pk]),
        reverse("planning:benefits_board_docx", args=["riverton"]),
    ]
    for url in urls:
        response = owner_client.get(url)
        assert response.status_code == 200, url
        _assert_clean(_docx_texts(response.content))
    assert to_pdf(response.content).startswith(b"%PDF")


def test_the_api_answers_json(library, owner, dirty, client):
    secret = issue(library, owner)
    for path in ("/api/v1/organizations", "/api/v1/people"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 200, response.content
        body = json.loads(response.content)
        assert body


def test_forms_drop_control_characters(staff_client, library):
    url = reverse("directory:organization_create", args=["riverton"])
    response = staff_client.post(
        url, {"name": f"Vertical\x0bTab{CONTROLS} Club", "sector": "nonprofit", "notes": DIRTY}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(library=library)
    assert organization.name == "VerticalTab\t\n\n Club"
    _assert_clean([organization.name, organization.notes])
    assert organization.notes == KEPT


def test_password_fields_keep_what_was_typed():
    from django import forms

    field = forms.CharField(widget=forms.PasswordInput, strip=False)
    assert field.clean("a\x07b") == "a\x07b"
    assert forms.CharField().clean(" a\x07b\x0b ") == "ab"


def test_a_spreadsheet_import_drops_them_and_says_so(library):
    from allies.directory.importing.cleaning import RowOutcome, without_control_characters

    outcome = RowOutcome(row=2)
    assert without_control_characters(["Good", f"Bad{DIRTY}"], outcome) == ["Good", f"Bad{KEPT}"]
    assert "control characters" in outcome.warnings[0]
    quiet = RowOutcome(row=3)
    assert without_control_characters(["Good\tplain"], quiet) == ["Good\tplain"]
    assert quiet.warnings == []
