"""Recognition pages: recognize a partner, edit the draft, publish it (one thank-you logged), the
consent form, the public page settings, the certificate; outsiders 404, volunteers 403 on writes."""

import datetime
import io
import re

import docx
import pytest
from django.test import Client
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import LogEntry, Partnership, Stage
from allies.recognition import certificate
from allies.recognition.models import ListingConsent, PublicPage, Recognition
from allies.stewardship.models import Contact
from allies.stewardship.reminders import Kind, reminders_for
from tests.document_checks import page_text, word_text

TODAY = timezone.localdate()
BASE = "/l/riverton/reports/recognition/"


@pytest.fixture
def partnership(library, staff):
    organization = Organization.objects.create(library=library, name="Riverside Youth Shelter")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE, lead=staff
    )


def make(partnership, kind="newsletter", text="Thank you, Riverside!"):
    return Recognition.objects.create(
        library=partnership.library, partnership=partnership, kind=kind, text=text
    )


def test_recognize_a_partner_choose_a_kind_and_get_an_editable_draft(staff_client, partnership):
    page = staff_client.get(f"/l/riverton/partners/{partnership.pk}/").content.decode()
    new_url = f"{BASE}partners/{partnership.pk}/new/"
    assert "Recognize this partner" in page and new_url in page

    choose = staff_client.get(new_url).content.decode()
    assert "Nothing they did is recorded yet" in choose
    assert staff_client.post(new_url, {}).status_code == 400
    response = staff_client.post(new_url, {"kind": "social"})
    recognition = Recognition.objects.get()
    assert response["Location"] == f"{BASE}{recognition.pk}/"
    assert recognition.kind == "social" and recognition.status == "draft"
    assert recognition.text.startswith("A big thank-you to Riverside Youth Shelter")

    editor = staff_client.get(response["Location"]).content.decode()
    assert 'data-copy-from="id_text"' in editor and "allies/clipboard.js" in editor
    form = {"text": "Thanks, Riverside!", "loaded_version": recognition.updated_at.isoformat()}
    assert staff_client.post(response["Location"], form).status_code == 302
    recognition.refresh_from_db()
    assert recognition.text == "Thanks, Riverside!"


def test_an_edit_over_someone_elses_save_is_refused_and_kept(staff_client, partnership):
    recognition = make(partnership)
    loaded = recognition.updated_at.isoformat()
    recognition.text = "Their version"
    recognition.save()
    response = staff_client.post(
        f"{BASE}{recognition.pk}/", {"text": "Mine", "loaded_version": loaded}
    )
    assert response.status_code == 400
    assert "Someone else saved this" in response.content.decode()
    recognition.refresh_from_db()
    assert recognition.text == "Their version"


def test_publishing_logs_one_thank_you_answers_the_reminder_and_writes_the_timeline(
    staff_client, staff, partnership
):
    Contact.objects.create(
        library=partnership.library,
        partnership=partnership,
        kind="support",
        support_kind="budget_meeting",
        happened_on=TODAY - datetime.timedelta(days=3),
        logged_by=staff,
    )
    thanks = [r for r in reminders_for(partnership.library, day=TODAY) if r.kind == Kind.THANK]
    assert [r.partnership_id for r in thanks] == [partnership.pk]
    recognition = make(partnership)

    url = f"{BASE}{recognition.pk}/publish/"
    assert staff_client.post(url)["Location"] == f"{BASE}{recognition.pk}/"
    staff_client.post(url)  # a second click (or a second tab)
    recognition.refresh_from_db()
    assert recognition.status == "published" and recognition.published_on == TODAY
    assert recognition.published_by == staff
    [contact] = Contact.objects.filter(partnership=partnership, kind="thanks")
    assert contact == recognition.contact
    assert contact.note == "Public recognition: Newsletter paragraph"
    assert contact.happened_on == TODAY and contact.logged_by == staff
    assert not [r for r in reminders_for(partnership.library, day=TODAY) if r.kind == Kind.THANK]
    [line] = LogEntry.objects.filter(partnership=partnership)
    assert line.summary == "Public recognition published: Newsletter paragraph"
    assert line.link == f"{BASE}{recognition.pk}/"

    page = staff_client.get(f"{BASE}{recognition.pk}/").content.decode()
    assert "mark as published" not in page and 'data-copy-from="recognition-text"' in page
    staff_client.post(f"{BASE}{recognition.pk}/", {"text": "Changed later"})
    recognition.refresh_from_db()
    assert recognition.text == "Thank you, Riverside!"


def test_the_library_wide_list_filters_by_status_and_kind(staff_client, partnership, staff):
    make(partnership, kind="newsletter").publish(by=staff)
    make(partnership, kind="press_release", text="FOR IMMEDIATE RELEASE")
    all_of_them = staff_client.get(BASE).content.decode()
    assert all_of_them.count("Riverside Youth Shelter") == 2
    drafts = staff_client.get(BASE, {"status": "draft"}).content.decode()
    assert "Press release" in drafts and "Newsletter paragraph</a>" not in drafts
    newsletters = staff_client.get(BASE, {"kind": "newsletter"}).content.decode()
    assert "Newsletter paragraph</a>" in newsletters and "Press release</a>" not in newsletters


def test_an_empty_list_says_what_to_do_first(staff_client, library):
    assert "Recognize this partner" in staff_client.get(BASE).content.decode()


def test_consent_is_recorded_with_who_and_when_and_public_fields_are_checked(
    staff_client, staff, partnership
):
    url = f"{BASE}partners/{partnership.pk}/consent/"
    bad = staff_client.post(url, {"agreed": "on", "public_website": "javascript:alert(1)"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Say in one sentence" in html and 'href="#id_public_website"' in html
    assert "Enter a web address such as https://www.example.org (http or https only)." in html
    assert not ListingConsent.objects.exists()

    staff_client.post(
        url,
        {
            "agreed": "on",
            "public_sentence": "Hosts our teen drop-ins.",
            "public_website": "riverside.example",
        },
    )
    consent = ListingConsent.objects.get()
    assert consent.agreed and consent.recorded_on == TODAY and consent.recorded_by == staff
    assert consent.public_website == "https://riverside.example"
    assert consent.display_name == "Riverside Youth Shelter"
    assert LogEntry.objects.get().summary == "Agreed to be listed on the public partner page"
    page = staff_client.get(f"/l/riverton/partners/{partnership.pk}/").content.decode()
    assert "Agreed to be listed on the public partner page as “Riverside Youth Shelter”" in page


def test_volunteers_read_consent_and_recognitions_but_cannot_change_them(
    volunteer_client, partnership
):
    recognition = make(partnership)
    consent_url = f"{BASE}partners/{partnership.pk}/consent/"
    assert volunteer_client.get(consent_url).status_code == 200
    assert "Save their answer" not in volunteer_client.get(consent_url).content.decode()
    assert volunteer_client.get(f"{BASE}{recognition.pk}/").status_code == 200
    assert volunteer_client.get(BASE).status_code == 200
    for url, data in (
        (consent_url, {"agreed": "on", "public_sentence": "x"}),
        (f"{BASE}partners/{partnership.pk}/new/", {"kind": "newsletter"}),
        (f"{BASE}{recognition.pk}/", {"text": "changed"}),
        (f"{BASE}{recognition.pk}/publish/", {}),
        (f"{BASE}public-page/", {"published": "on"}),
    ):
        assert volunteer_client.post(url, data).status_code == 403, url
    assert volunteer_client.get(f"{BASE}public-page/").status_code == 403
    assert not ListingConsent.objects.exists() and not PublicPage.objects.exists()
    recognition.refresh_from_db()
    assert recognition.status == "draft" and recognition.text == "Thank you, Riverside!"
    assert not Contact.objects.exists()


def test_an_archived_partnership_cannot_be_recognized_or_published(staff_client, partnership):
    recognition = make(partnership)
    partnership.archive()
    assert staff_client.get(f"{BASE}partners/{partnership.pk}/new/").status_code == 302
    staff_client.post(f"{BASE}{recognition.pk}/publish/")
    recognition.refresh_from_db()
    assert recognition.status == "draft" and not Contact.objects.exists()


def test_public_page_settings_publish_and_link_to_the_page_with_a_preview(
    owner_client, partnership
):
    ListingConsent.objects.create(
        library=partnership.library,
        partnership=partnership,
        agreed=True,
        public_sentence="Hosts drop-ins.",
    )
    url = f"{BASE}public-page/"
    before = owner_client.get(url).content.decode()
    assert "Not published" in before and "Hosts drop-ins." in before  # the preview
    owner_client.post(url, {"published": "on", "introduction": "Thank you, partners."})
    page = PublicPage.objects.get()
    assert page.published and page.introduction == "Thank you, partners."
    after = owner_client.get(url).content.decode()
    assert 'href="/partners/riverton/"' in after and "Thank you, partners." in after
    assert after.count("<h1") == 1  # the preview's title is not a second page title


def test_the_certificate_prints_on_a_page_and_downloads_as_word_that_libreoffice_opens(
    staff_client, partnership, to_pdf
):
    staff_client.post(f"{BASE}partners/{partnership.pk}/new/", {"kind": "certificate"})
    recognition = Recognition.objects.get()
    printed = staff_client.get(f"{BASE}{recognition.pk}/certificate/").content.decode()
    assert 'class="recognition-certificate__name">Riverside Youth Shelter' in printed
    response = staff_client.get(f"{BASE}{recognition.pk}/certificate.docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="certificate-Riverside-Youth-Shelter.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    text = [paragraph.text for paragraph in document.paragraphs]
    assert text[:3] == ["Certificate of appreciation", "presented to", "Riverside Youth Shelter"]
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    pdf = to_pdf(response.content)
    assert re.findall(rb"/Type\s*/Pages.*?/Count\s+(\d+)", pdf, re.S) == [b"1"]  # one page

    newsletter = make(partnership)
    assert staff_client.get(f"{BASE}{newsletter.pk}/certificate/").status_code == 404


def test_the_certificate_page_and_word_file_say_the_same_words_from_one_place(
    staff_client, partnership, monkeypatch
):
    recognition = make(
        partnership,
        kind="certificate",
        text="Certificate of appreciation\n\npresented to\n\nRiverside Youth Shelter\n\nFor drop-ins",
    )
    made = certificate.of(recognition)
    words = [made.name, *(text for _role, text in made.blocks), made.signature]
    assert "Library director" in words

    def outputs():
        page = page_text(staff_client.get(f"{BASE}{recognition.pk}/certificate/").content)
        word = word_text(staff_client.get(f"{BASE}{recognition.pk}/certificate.docx").content)
        return page, word

    page, word = outputs()
    for text in words[1:]:  # the name labels the page's certificate and titles the Word file
        assert text in page and text in word, text
    # Rewording the one source rewords both.
    monkeypatch.setattr(certificate, "SIGNATURE", "Head of the library")
    page, word = outputs()
    assert "Head of the library" in page and "Head of the library" in word
    assert "Library director" not in page and "Library director" not in word


def test_another_librarys_member_gets_404_on_every_recognition_url(partnership, outsider):
    recognition = make(partnership, kind="certificate")
    client = Client()
    client.force_login(outsider)
    urls = [
        BASE,
        f"{BASE}public-page/",
        f"{BASE}partners/{partnership.pk}/new/",
        f"{BASE}partners/{partnership.pk}/consent/",
        f"{BASE}{recognition.pk}/",
        f"{BASE}{recognition.pk}/publish/",
        f"{BASE}{recognition.pk}/certificate/",
        f"{BASE}{recognition.pk}/certificate.docx",
    ]
    # Their own library's address with this library's ids is 404 too.
    urls += [url.replace("/l/riverton/", "/l/elsewhere/") for url in urls[2:]]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"kind": "newsletter", "text": "x"}).status_code == 404, url
    recognition.refresh_from_db()
    assert recognition.status == "draft" and recognition.text == "Thank you, Riverside!"
    assert not Contact.objects.exists() and Recognition.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(client, partnership):
    recognition = make(partnership)
    for url in (BASE, f"{BASE}{recognition.pk}/", f"{BASE}partners/{partnership.pk}/consent/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_save_and_publish_in_one_click_keeps_the_last_edit(staff_client, partnership):
    recognition = make(partnership, kind="social")
    form = {
        "text": "Thank you, Riverside! #libraries",
        "loaded_version": recognition.updated_at.isoformat(),
        "action": "publish",
    }
    staff_client.post(f"{BASE}{recognition.pk}/", form)
    recognition.refresh_from_db()
    assert recognition.status == "published"
    assert recognition.text == "Thank you, Riverside! #libraries"
    assert Contact.objects.get().note == "Public recognition: Social media post"
