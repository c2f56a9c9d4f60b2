"""The library's public partner page: no sign-in, only partners who agreed, only public fields.

Nothing private can reach the template: `public_page_context` copies an explicit list of public
fields into plain dictionaries, and the template receives only those (never a model instance).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import translation

from allies.core.languages import pick_text, visitor_language
from allies.recognition.models import ListingConsent, PublicPage


def public_partners(library, language: str) -> list[dict]:
    """The partners listed publicly, as {name, sentence, website}, sorted by name; each sentence
    in `language` when it was written in it, else in the library's."""
    consents = ListingConsent.objects.listed(library).select_related("partnership__organization")
    partners = [
        {
            "name": consent.display_name,
            "sentence": pick_text(
                consent.public_sentence,
                consent.public_sentence_translations,
                language,
                library.language,
            ),
            # The form takes only http(s) addresses; a value written another way is left out.
            "website": consent.public_website if _is_web_address(consent.public_website) else "",
        }
        for consent in consents
    ]
    return sorted(partners, key=lambda partner: partner["name"].casefold())


def _is_web_address(value: str) -> bool:
    return value.lower().startswith(("https://", "http://"))


def public_page_context(library, page, language: str | None = None) -> dict:
    """Everything the public page shows, and nothing else, in `language` (else the library's)
    where it was written in it."""
    language = language or library.language
    introduction = ""
    if page:
        introduction = pick_text(
            page.introduction, page.introduction_translations, language, library.language
        )
    return {
        "name": library.name,
        "slug": library.slug,
        "introduction": introduction,
        "partners": public_partners(library, language),
    }


def partner_page(request, library_slug):
    """In the visitor's language (switcher or browser), else the library's."""
    page = get_object_or_404(
        PublicPage.objects.select_related("library"), library__slug=library_slug, published=True
    )
    language = visitor_language(request) or page.library.language
    with translation.override(language):
        response = render(
            request,
            "recognition/public_page.html",
            {"public": public_page_context(page.library, page, language)},
        )
    response["Content-Language"] = language
    return response
