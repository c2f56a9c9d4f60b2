"""The public partner page in several languages: the visitor's when written in it, else the
library's; the owner writes each language in the page's settings and each partner's consent."""

import pytest

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage
from allies.recognition.models import ListingConsent, PublicPage

pytestmark = pytest.mark.django_db

URL = "/partners/riverton/"
SETTINGS_URL = "/l/riverton/reports/recognition/public-page/"


@pytest.fixture
def page(library):
    organization = Organization.objects.create(library=library, name="Riverside Shelter")
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )
    ListingConsent.objects.create(
        library=library,
        partnership=partnership,
        agreed=True,
        public_sentence="Hosts our teen drop-ins.",
        public_sentence_translations={"es": "Acoge nuestros encuentros juveniles."},
    )
    return PublicPage.objects.create(
        library=library,
        published=True,
        introduction="Thank you, partners!",
        introduction_translations={"es": "¡Gracias, socios!"},
    )


def test_a_spanish_visitor_reads_the_spanish_texts(client, page):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    text = response.content.decode()
    assert response["Content-Language"] == "es" and '<html lang="es">' in text
    assert "¡Gracias, socios!" in text and "Acoge nuestros encuentros juveniles." in text
    assert "Thank you, partners!" not in text


def test_a_language_not_written_falls_back_to_the_librarys_text(client, page):
    text = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in text
    assert "Thank you, partners!" in text and "Hosts our teen drop-ins." in text


def test_a_visitor_who_asks_for_nothing_we_have_gets_the_librarys_language(client, page, library):
    library.language = "es"
    library.save()
    page.introduction = "¡Gracias!"
    page.introduction_translations = {"en": "Thanks!"}
    page.save()
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="de")
    assert response["Content-Language"] == "es"
    assert "¡Gracias!" in response.content.decode()
    # The switcher's cookie beats the browser.
    client.cookies["django_language"] = "en"
    assert "Thanks!" in client.get(URL, HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_the_owner_writes_the_introduction_in_each_language(owner_client, page):
    form = owner_client.get(SETTINGS_URL).content.decode()
    assert 'name="introduction_es"' in form and 'name="introduction_fr"' in form
    assert 'name="introduction_en"' not in form  # the library's language is the main field
    response = owner_client.post(
        SETTINGS_URL,
        {
            "published": "on",
            "introduction": "Thank you!",
            "introduction_es": "¡Gracias!",
            "introduction_fr": "  ",
        },
    )
    assert response.status_code == 302, response.content.decode()
    page.refresh_from_db()
    assert page.introduction_translations == {"es": "¡Gracias!"}


def test_the_consent_form_takes_the_sentence_in_each_language(staff_client, page):
    consent = ListingConsent.objects.get()
    url = f"/l/riverton/reports/recognition/partners/{consent.partnership_id}/consent/"
    form = staff_client.get(url).content.decode()
    assert 'name="public_sentence_fr"' in form
    response = staff_client.post(
        url,
        {
            "agreed": "on",
            "public_sentence": "Hosts our teen drop-ins.",
            "public_sentence_es": "Acoge a los jóvenes.",
            "public_sentence_fr": "Accueille nos ados.",
        },
    )
    assert response.status_code == 302, response.content.decode()
    consent.refresh_from_db()
    assert consent.public_sentence_translations == {
        "es": "Acoge a los jóvenes.",
        "fr": "Accueille nos ados.",
    }


def test_the_settings_are_404_for_another_library(outsider_client, page):
    assert outsider_client.get(SETTINGS_URL).status_code == 404


def test_the_annual_report_in_word_is_in_the_librarys_language(staff_client, library):
    import io

    import docx
    from django.utils import formats, timezone, translation

    library.language = "fr"
    library.save()
    response = staff_client.get("/l/riverton/reports/annual/word/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    with translation.override("fr"):
        today = formats.date_format(timezone.localdate(), "j F Y")  # Django's French month
    assert today in text
