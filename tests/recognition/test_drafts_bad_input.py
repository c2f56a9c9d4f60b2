"""Bad input on the recognition pages: huge text, bytes that are not UTF-8, unknown kinds, another
library's ids. Never a 500, nothing saved wrongly."""

from urllib.parse import quote

import pytest
from django.test import Client

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage
from allies.recognition.models import ListingConsent, PublicPage, Recognition

BASE = "/l/riverton/reports/recognition/"
HUGE = "x" * 1_000_000


@pytest.fixture
def partnership(library, staff):
    organization = Organization.objects.create(library=library, name="Riverside Youth Shelter")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE, lead=staff
    )


@pytest.fixture
def recognition(partnership):
    return Recognition.objects.create(
        library=partnership.library, partnership=partnership, kind="newsletter", text="Thanks!"
    )


def test_an_unknown_kind_is_refused_and_nothing_is_drafted(staff_client, partnership):
    for kind in ("", "poem", HUGE):
        response = staff_client.post(f"{BASE}partners/{partnership.pk}/new/", {"kind": kind})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Choose what you would like to write." in html
        assert "poem" not in html and len(html) < 100_000  # the bad value is not echoed back
    assert not Recognition.objects.exists()


def test_an_unknown_kind_in_the_address_only_leaves_nothing_chosen(staff_client, partnership):
    page = staff_client.get(f"{BASE}partners/{partnership.pk}/new/?kind=poem").content.decode()
    assert "checked" not in page


def test_an_empty_draft_is_refused_and_the_text_kept(staff_client, recognition):
    form = {"text": "   ", "loaded_version": recognition.updated_at.isoformat()}
    response = staff_client.post(f"{BASE}{recognition.pk}/", form)
    assert response.status_code == 400
    assert "Write the text, or go back to the partner." in response.content.decode()
    recognition.refresh_from_db()
    assert recognition.text == "Thanks!"


def test_bytes_that_are_not_utf8_are_no_500(staff_client, recognition):
    version = quote(recognition.updated_at.isoformat()).encode()
    body = b"text=Thanks\xff%FE!&loaded_version=" + version
    response = staff_client.post(
        f"{BASE}{recognition.pk}/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    recognition.refresh_from_db()
    # Saved as text (the odd bytes become some character), not published.
    assert recognition.text.startswith("Thanks") and recognition.text.endswith("\ufffd!")
    assert recognition.status == "draft"


def test_a_huge_consent_is_refused_and_not_saved(staff_client, partnership):
    form = {"agreed": "on", "public_name": HUGE, "public_sentence": HUGE, "public_website": HUGE}
    response = staff_client.post(f"{BASE}partners/{partnership.pk}/consent/", form)
    assert response.status_code == 400
    assert not ListingConsent.objects.exists()


def test_huge_text_in_a_draft_and_the_introduction_is_refused(staff_client, recognition):
    form = {"text": HUGE, "loaded_version": recognition.updated_at.isoformat()}
    response = staff_client.post(f"{BASE}{recognition.pk}/", form)
    assert response.status_code == 400
    assert "at most 20000 characters" in response.content.decode()
    recognition.refresh_from_db()
    assert recognition.text == "Thanks!"
    response = staff_client.post(f"{BASE}public-page/", {"published": "on", "introduction": HUGE})
    assert response.status_code == 400
    assert not PublicPage.objects.exists()


def test_another_librarys_recognition_cannot_be_published_from_here(
    partnership, recognition, other_library, outsider
):
    client = Client()
    client.force_login(outsider)
    slug = other_library.slug
    for url in (
        f"/l/{slug}/reports/recognition/{recognition.pk}/publish/",
        f"/l/{slug}/reports/recognition/{recognition.pk}/",
    ):
        assert client.post(url, {"text": "Hijacked", "action": "publish"}).status_code == 404
    recognition.refresh_from_db()
    assert recognition.text == "Thanks!" and recognition.status == "draft"


def test_the_public_page_of_an_impossible_slug_is_404(client, db):
    assert client.get("/partners/" + "x" * 5000 + "/").status_code == 404
