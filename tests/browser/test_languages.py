"""Issue 19 in a real browser: a room that mixes languages, and the Spanish pages checked by axe.

Every label the test clicks is read from the catalogs (gettext with the language switched), so the
test follows the translations rather than repeating them.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from allies.directory.models import Organization
from allies.workshop import running
from allies.workshop.models import Participant
from tests.browser.conftest import serious_accessibility_problems, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def tr(language: str, text: str, **values) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    return translated % values if values else translated


def test_a_french_trainer_runs_two_parts_while_phones_answer_in_spanish_and_english(
    new_context, page, owner, library
):
    owner.language = "fr"
    owner.save()
    workshop = running.create_workshop(library=library, trainer=owner, title="Alliances")
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/l/riverton/workshop/{workshop.pk}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert tr("fr", "Start the session") != "Start the session"

    phones = {}
    for language, browser_language in (("es", "es-ES"), ("en", "fr-CA")):
        phone = new_context(viewport=PHONE, locale=browser_language).new_page()
        phone.goto(f"/w/{workshop.join_code}/join/")
        shown = "es" if language == "es" else "fr"  # the join page follows the browser
        phone.get_by_label(tr(shown, "Your name")).fill(f"Phone {language}")
        phone.locator("main").get_by_label(tr(shown, "Language")).select_option(language)
        phone.get_by_role("button", name=tr(shown, "Join the session")).click()
        expect(phone.get_by_role("heading", name=tr(language, "You are in"))).to_be_visible()
        phones[language] = phone
    assert set(Participant.objects.values_list("language", flat=True)) == {"es", "en"}

    page.get_by_role("button", name=tr("fr", "Start the session")).click()
    for part in ("Welcome", "Benefits of partnerships"):
        if part != "Welcome":
            page.get_by_role("button", name=tr("fr", "Next part")).click()
        expect(page.locator(".workshop-part-title")).to_contain_text(tr("fr", part))
        for language, phone in phones.items():
            heading = phone.get_by_role("heading", name=re.compile(re.escape(tr(language, part))))
            expect(heading).to_be_visible(timeout=10_000)
            assert phone.locator("html").get_attribute("lang") == language
    assert tr("es", "Benefits of partnerships") != "Benefits of partnerships"


def test_spanish_pages_say_their_language_and_have_no_serious_accessibility_violations(
    page, staff, library
):
    from axe_playwright_python.sync_playwright import Axe

    staff.language = "es"
    staff.save()
    rotary = Organization.objects.create(library=library, name="Club Rotario", city="Riverton")
    sign_in(page, staff.email, PASSWORD)
    axe = Axe()
    problems = []
    for path in (
        "/l/riverton/",
        "/l/riverton/directory/organizations/",
        "/l/riverton/directory/organizations/new/",
        f"/l/riverton/directory/organizations/{rotary.pk}/",
        "/l/riverton/partners/",
        "/l/riverton/goals/new/",
        "/l/riverton/workshop/",
    ):
        assert page.goto(path).ok, path
        assert page.locator("html").get_attribute("lang") == "es", path
        problems += serious_accessibility_problems(page, axe, path)
    assert not problems, "\n".join(problems)


def test_the_footers_language_switcher_lines_up_with_the_footer_on_a_laptop(page):
    """The switcher is a flex form: as an inline box its auto margins did nothing, so on a wide
    screen it sat against the window's left edge under a centred footer."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/accounts/login/")
    footer_text = page.locator(".site-footer p").first.bounding_box()
    switcher = page.locator(".site-footer .language-switcher").bounding_box()
    assert abs(switcher["x"] - footer_text["x"]) <= 1, (switcher, footer_text)
