"""The IRS exempt-organization extract: readable names, NTEE tables, import of real Vermont rows."""

import io
from pathlib import Path

import pytest

from allies.directory.irs import (
    NTEE_SECTORS,
    import_irs_bmf,
    ntee_sector,
    readable_care_of,
    readable_name,
    readable_town,
)
from allies.directory.models import Organization
from allies.directory.ntee import ntee_title

FILES = Path(__file__).parent / "files"
VT_SLICE = FILES / "irs-eo-bmf-vt-300.csv"  # the first 300 rows of ../shared/data/irs-eo-bmf-vt.csv
HEADER = (
    "EIN,NAME,ICO,STREET,CITY,STATE,ZIP,GROUP,SUBSECTION,AFFILIATION,CLASSIFICATION,RULING,"
    "DEDUCTIBILITY,FOUNDATION,ACTIVITY,ORGANIZATION,STATUS,TAX_PERIOD,ASSET_CD,INCOME_CD,"
    "FILING_REQ_CD,PF_FILING_REQ_CD,ACCT_PD,ASSET_AMT,INCOME_AMT,REVENUE_AMT,NTEE_CD,SORT_NAME\n"
)


def irs_row(ein="010000001", name="SOME ORG", ico="", city="BURLINGTON", zip_code="05401",
            subsection="03", ntee="", street="1 MAIN ST"):  # fmt: skip
    return (
        f"{ein},{name},{ico},{street},{city},VT,{zip_code},0000,{subsection},3,1000,200211,1,15,"
        f"000000000,1,01,201906,4,3,01,0,06,1,1,1,{ntee},\n"
    )


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        ("WINDSOR IMPROVEMENT CORPORATION", "Windsor Improvement Corporation"),
        ("FRIENDS OF THE ST ALBANS YMCA INC", "Friends of the St Albans YMCA Inc"),
        ("VFW POST 1234 DEPT OF VT", "VFW Post 1234 Dept of VT"),
        ("BARRE TOWN FD AUXILIARY", "Barre Town FD Auxiliary"),
        ("ESSEX PTA", "Essex PTA"),
        ("O'BRIEN FAMILY'S FUND II", "O'Brien Family's Fund II"),
        ("MCDONAGH TR UW FBO", "McDonagh Tr UW FBO"),
        (
            "VERMONT 4-H FOUNDATION OF THE 1ST DISTRICT",
            "Vermont 4-H Foundation of the 1st District",
        ),
        ("THE ARTS AND CULTURE LLC", "The Arts and Culture LLC"),
        ("Already Mixed Case", "Already Mixed Case"),
    ],
)
def test_readable_names(raw, readable):
    assert readable_name(raw) == readable


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        ("S BURLINGTON", "South Burlington"),
        ("ESSEX JCT", "Essex Junction"),
        ("ST ALBANS", "St Albans"),
        ("NO BENNINGTON", "North Bennington"),
        ("MC INDOE FLS", "McIndoe Falls"),
        ("WATERBURY CTR", "Waterbury Center"),
        ("MONTPELIER", "Montpelier"),
    ],
)
def test_readable_towns(raw, readable):
    assert readable_town(raw) == readable


def test_care_of():
    assert readable_care_of("% HAROLD PYKE") == "Harold Pyke"
    assert readable_care_of("% FREDERICK W WESTON II DIRECTOR") == "Frederick W Weston II Director"


@pytest.mark.parametrize(
    ("code", "name", "subsection", "sector"),
    [
        ("B21", "", "03", "school"),
        ("B250", "", "03", "school"),
        ("B43", "", "03", "college"),
        ("T31", "", "03", "foundation"),
        ("T20", "", "03", "foundation"),
        ("X21", "", "03", "faith"),
        ("S80", "", "03", "service_club"),
        ("E22", "", "03", "health"),
        ("A33", "", "03", "media"),
        ("S41", "", "06", "business"),
        ("", "ROTARY INTERNATIONAL", "04", "service_club"),
        ("", "KNIGHTS OF COLUMBUS", "08", "service_club"),
        ("W20", "", "03", "nonprofit"),
        ("B70", "", "03", "nonprofit"),
        ("", "", "03", "nonprofit"),
    ],
)
def test_ntee_to_sector(code, name, subsection, sector):
    assert ntee_sector(code, name, subsection) == sector


def test_every_sector_prefix_is_a_real_ntee_code():
    for prefix in NTEE_SECTORS:
        assert ntee_title(prefix), prefix


@pytest.mark.django_db
def test_import_of_the_vermont_slice(library, staff):
    report = import_irs_bmf(VT_SLICE, library, user=staff)
    assert (report.created, report.updated, report.skipped, report.errors) == (300, 0, 0, [])
    windsor = Organization.objects.get(library=library, ein="010180687")
    assert windsor.name == "Windsor Improvement Corporation"
    assert windsor.zip_code == "05089-0455"
    assert windsor.city == "Windsor"
    assert windsor.address == "PO Box 455"
    assert windsor.state == "VT"
    assert windsor.notes == "In care of: Harold Pyke"
    assert windsor.ntee_code == "S30"
    assert windsor.source == "irs-bmf"
    # The figures and codes the fit of a candidate is inferred from.
    assert (windsor.income, windsor.assets) == (99714, 275626)
    assert (windsor.irs_subsection, windsor.irs_foundation) == ("03", "15")
    assert windsor.irs_activity == ""  # 000000000 in the extract: no activity code
    rap = Organization.objects.get(library=library, ein="010471151")
    assert (rap.income, rap.irs_activity) == (7980411, "149000000")
    assert windsor.history.get().history_change_reason == "Import of irs-eo-bmf-vt-300.csv"
    nergg = Organization.objects.get(library=library, ein="010532101")
    assert nergg.city == "South Burlington"
    assert nergg.sector == "nonprofit"  # T70 federated giving: only T2x and T3x are foundations
    # Audiences are inferred with their evidence (tests/directory/test_inference.py), never
    # written as tags by an import: the tags are staff's own.
    boys_and_girls = Organization.objects.get(
        library=library, name__startswith="Boys and Girls Club"
    )
    assert not boys_and_girls.audiences.exists()
    assert Organization.objects.filter(library=library, sector="faith").exists()
    assert Organization.objects.filter(library=library, sector="school").exists()
    # The people named in care of are notes, never people.
    assert not library.people.exists()


@pytest.mark.django_db
def test_reimport_updates_and_keeps_corrections(library):
    import_irs_bmf(VT_SLICE, library)
    windsor = Organization.objects.get(library=library, ein="010180687")
    windsor.name = "Windsor Improvement Corp."
    windsor.sector = "business"
    windsor.notes = "In care of: Harold Pyke\nCalled in May."
    windsor.save()
    report = import_irs_bmf(VT_SLICE, library)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 300)
    assert Organization.objects.filter(library=library).count() == 300
    windsor.refresh_from_db()
    assert (windsor.name, windsor.sector) == ("Windsor Improvement Corp.", "business")

    changed = VT_SLICE.read_text().replace("% HAROLD PYKE", "% JANE DOE")
    report = import_irs_bmf(io.BytesIO(changed.encode()), library)
    assert (report.created, report.updated) == (0, 1)
    windsor.refresh_from_db()
    assert windsor.notes == "In care of: Jane Doe\nCalled in May."


@pytest.mark.django_db
def test_malformed_rows_are_skipped_with_a_reason(library):
    data = HEADER + irs_row() + irs_row(ein="010000002", name="") + "010000003,SHORT ROW\n"
    data += irs_row(ein="ABC", name="BAD EIN") + irs_row(ein="10000004", name="LOST ZERO")
    data += irs_row(ein="010000005", name="BAD ZIP", zip_code="ABCDE")
    report = import_irs_bmf(io.BytesIO(data.encode()), library)
    assert report.errors == []
    assert (report.created, report.skipped) == (3, 3)
    reasons = " ".join(w["message"] for w in report.warnings)
    assert "no name" in reasons and "columns" in reasons and "ABC" in reasons
    assert Organization.objects.filter(ein="010000004").exists()  # leading zero restored
    assert Organization.objects.get(ein="010000005").zip_code == ""


@pytest.mark.django_db
def test_not_an_irs_file(library):
    from allies.directory.importing import BadFile

    with pytest.raises(BadFile, match="IRS"):
        import_irs_bmf(io.BytesIO(b"Name,City\nA,B\n"), library)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_irs_import_links_a_hand_made_record_instead_of_making_a_twin(library, tmp_path):
    from allies.directory.irs import import_irs_bmf

    hand_made = Organization.objects.create(
        library=library,
        name="Maple Ford Rotary",
        city="Maple Ford",
        email="rotary@mapleford.example",
        notes="Met them at the fair.",
        sector="service_club",
    )
    header = (
        "EIN,NAME,ICO,STREET,CITY,STATE,ZIP,GROUP,SUBSECTION,AFFILIATION,CLASSIFICATION,RULING,"
        "DEDUCTIBILITY,FOUNDATION,ACTIVITY,ORGANIZATION,STATUS,TAX_PERIOD,ASSET_CD,INCOME_CD,"
        "FILING_REQ_CD,PF_FILING_REQ_CD,ACCT_PD,ASSET_AMT,INCOME_AMT,REVENUE_AMT,NTEE_CD,SORT_NAME\n"
    )
    row = (
        "123456789,ROTARY CLUB OF MAPLE FORD INC,,PO BOX 5,MAPLE FORD,VT,05602-0005,0000,04,3,"
        "1000,199001,2,00,000000000,1,01,202012,2,2,01,0,12,15000,22000,22000,S80,\n"
        "987654321,MAPLE FORD LIONS CLUB,,PO BOX 9,MAPLE FORD,VT,05602-0009,0000,04,3,"
        "1000,199001,2,00,000000000,1,01,202012,2,2,01,0,12,1000,2000,2000,S80,\n"
    )
    path = tmp_path / "irs-eo-bmf-test.csv"
    path.write_text(header + row)
    report = import_irs_bmf(path, library)
    assert (report.created, report.updated) == (1, 1)
    hand_made.refresh_from_db()
    assert hand_made.ein == "123456789" and hand_made.ntee_code == "S80"
    assert hand_made.income == 22000 and hand_made.assets == 15000
    # What staff wrote is untouched.
    assert hand_made.name == "Maple Ford Rotary" and hand_made.notes == "Met them at the fair."
    assert hand_made.email == "rotary@mapleford.example" and hand_made.address == ""
    assert Organization.objects.filter(library=library).count() == 2
    linked = next(r for r in report.rows if r["action"] == "updated")
    assert any("linked to Maple Ford Rotary" in w for w in linked["warnings"])
    # Again: matched by EIN now, nothing changes.
    again = import_irs_bmf(path, library)
    assert (again.created, again.unchanged) == (0, 2)
