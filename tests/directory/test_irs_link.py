"""Linking an organization typed by hand to its IRS row, from its page."""

import pytest
from django.urls import reverse

from allies.directory import irs_link
from allies.directory.models import Organization

HEADER = (
    "EIN,NAME,ICO,STREET,CITY,STATE,ZIP,GROUP,SUBSECTION,AFFILIATION,CLASSIFICATION,RULING,"
    "DEDUCTIBILITY,FOUNDATION,ACTIVITY,ORGANIZATION,STATUS,TAX_PERIOD,ASSET_CD,INCOME_CD,"
    "FILING_REQ_CD,PF_FILING_REQ_CD,ACCT_PD,ASSET_AMT,INCOME_AMT,REVENUE_AMT,NTEE_CD,SORT_NAME\n"
)
ROW = "{ein},{name},,{street},{city},VT,{zip},0000,03,3,1000,200211,1,15,000000000,1,01,201906,4,3,01,0,06,{assets},{income},{income},{ntee},\n"


@pytest.fixture
def extract(tmp_path, monkeypatch):
    fields = ("ein", "name", "street", "city", "zip", "assets", "income", "ntee")
    rows = [
        dict(zip(fields, values, strict=True))
        for values in (
            ("030111111", "ROTARY CLUB OF MAPLE FORD INC", "12 MAIN ST", "MAPLE FORD", "05602",
             5000, 12000, "S80"),
            ("030222222", "LIONS CLUB OF BARRE", "1 ELM ST", "BARRE", "05641", 100, 200, "S80"),
        )
    ]  # fmt: skip
    (tmp_path / "irs-eo-bmf-vt.csv").write_text(HEADER + "".join(ROW.format(**r) for r in rows))
    monkeypatch.setenv("ALLIES_SHARED_DATA", str(tmp_path))
    return tmp_path


@pytest.fixture
def rotary(library):
    return Organization.objects.create(
        library=library,
        name="Maple Ford Rotary",
        city="Maple Ford",
        state="VT",
        zip_code="05602",
        ntee_code="S81",  # staff chose it: kept
        notes="Meets on Tuesdays",
    )


def url(organization, slug="riverton"):
    return reverse("directory:organization_irs", args=[slug, organization.pk])


@pytest.mark.django_db
def test_the_page_shows_the_likely_row_and_linking_fills_only_the_irs_fields(
    staff_client, extract, rotary, staff
):
    detail = staff_client.get(reverse("directory:organization", args=["riverton", rotary.pk]))
    assert url(rotary) in detail.content.decode()
    page = staff_client.get(url(rotary))
    assert [row.ein for row in page.context["candidates"]] == ["030111111"]
    assert "Link to this IRS row (EIN 030111111)" in page.content.decode()

    response = staff_client.post(url(rotary), {"ein": "030111111"})
    assert response.status_code == 302
    rotary.refresh_from_db()
    assert (rotary.ein, rotary.income, rotary.assets) == ("030111111", 12000, 5000)
    assert rotary.irs_subsection == "03"
    assert (rotary.name, rotary.ntee_code, rotary.notes) == (
        "Maple Ford Rotary",
        "S81",
        "Meets on Tuesdays",
    )
    latest = rotary.history.first()
    assert latest.history_change_reason.startswith("Linked to its IRS row")
    assert latest.history_user == staff


@pytest.mark.django_db
def test_an_ein_another_record_has_is_refused(staff_client, extract, rotary, library):
    Organization.objects.create(library=library, name="Rotary (IRS)", ein="030111111")
    staff_client.post(url(rotary), {"ein": "030111111"})
    rotary.refresh_from_db()
    assert rotary.ein == ""


@pytest.mark.django_db
def test_an_ein_not_in_the_extract_changes_nothing(staff_client, extract, rotary):
    staff_client.post(url(rotary), {"ein": "999999999"})
    rotary.refresh_from_db()
    assert rotary.ein == "" and rotary.income is None


def test_no_candidate_for_an_unrelated_name(extract, db, library):
    garden = Organization(library=library, name="Riverton Garden Club", city="Riverton")
    assert irs_link.candidates(garden) == []


@pytest.mark.django_db
def test_another_librarys_user_gets_404_and_volunteers_403(
    outsider_client, extract, rotary, volunteer
):
    assert outsider_client.get(url(rotary)).status_code == 404
    assert outsider_client.post(url(rotary), {"ein": "030111111"}).status_code == 404
    outsider_client.force_login(volunteer)
    assert outsider_client.post(url(rotary), {"ein": "030111111"}).status_code == 403
    rotary.refresh_from_db()
    assert rotary.ein == ""
