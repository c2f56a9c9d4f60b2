"""The list of partners an impact report can be made for, and the Reports area's tabs."""

import datetime

import pytest

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import Contact, ContactKind

pytestmark = pytest.mark.django_db


def _partnership(library, name, stage):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(library=library, organization=organization, stage=stage)


def test_lists_partners_worked_with_and_when_results_were_last_shared(
    library, other_library, staff, staff_client
):
    active = _partnership(library, "Hearth Club", Stage.ACTIVE)
    _partnership(library, "Ended Bakery", Stage.ENDED)
    _partnership(library, "Prospect Bank", Stage.PROSPECT)
    _partnership(other_library, "Elsewhere Guild", Stage.ACTIVE)
    for day in (datetime.date(2026, 3, 2), datetime.date(2026, 9, 14)):
        Contact.objects.create(
            library=library,
            partnership=active,
            kind=ContactKind.RESULTS,
            happened_on=day,
            logged_by=staff,
        )

    response = staff_client.get("/l/riverton/reports/partners/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Hearth Club" in html and "Ended Bakery" in html
    assert "Prospect Bank" not in html and "Elsewhere Guild" not in html
    assert f"/l/riverton/reports/partners/{active.pk}/impact/" in html
    assert 'datetime="2026-09-14"' in html and 'datetime="2026-03-02"' not in html
    assert 'aria-current="page">Impact reports for partners' in html


def test_an_empty_library_is_told_what_to_record_first(staff_client):
    html = staff_client.get("/l/riverton/reports/partners/").content.decode()
    assert "No partner to report to yet" in html


def test_every_reports_page_shows_the_reports_tabs(staff_client):
    for url in (
        "/l/riverton/reports/",
        "/l/riverton/reports/annual/",
        "/l/riverton/reports/recognition/",
    ):
        html = staff_client.get(url).content.decode()
        assert 'aria-label="Reports"' in html and "Impact reports for partners" in html, url
