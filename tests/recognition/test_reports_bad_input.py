"""Bad input to the reports pages: huge or broken periods give this year (or the last twelve
months) and say so, an unknown download is 404, a broken POST body logs the default period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage
from allies.recognition.impact import default_period
from allies.stewardship.models import Contact

HUGE = "9" * 1_000_000


@pytest.fixture
def partnership(library):
    organization = Organization.objects.create(library=library, name="Lantern House")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "annual_report"])
@pytest.mark.parametrize(
    "query",
    [{"year": HUGE}, {"since": HUGE, "until": "2026-01-01"}, {"year": "٢٠٢٥"}],
)
def test_a_huge_or_odd_period_shows_this_year_and_says_so(owner_client, library, name, query):
    response = owner_client.get(reverse(f"recognition:{name}", args=[library.slug]), query)
    assert response.status_code == 200
    this_year = timezone.localdate().year
    assert response.context["report"].period.since == datetime.date(this_year, 1, 1)
    html = response.content.decode()
    assert "Showing" in html  # the site header still links back here with the query as it was


@pytest.mark.django_db
def test_a_huge_download_name_is_404(owner_client, library):
    target = reverse("recognition:dashboard", args=[library.slug])
    assert owner_client.get(target, {"download": HUGE}).status_code == 404


@pytest.mark.django_db
def test_the_word_export_of_a_huge_period_is_this_years(owner_client, library):
    target = reverse("recognition:annual_report_docx", args=[library.slug])
    response = owner_client.get(target, {"year": HUGE})
    assert response.status_code == 200
    year = timezone.localdate().year
    assert f"annual-report-{year}.docx" in response["Content-Disposition"]


@pytest.mark.django_db
def test_marking_shared_with_a_broken_body_logs_the_default_period(
    owner_client, library, partnership
):
    target = reverse("recognition:impact_report_shared", args=[library.slug, partnership.pk])
    body = b"since=\xff\xfe&until=" + HUGE.encode()
    response = owner_client.post(target, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    [contact] = Contact.objects.filter(partnership=partnership)
    expected = default_period(timezone.localdate()).label
    assert contact.note == f"Impact report {expected}"
