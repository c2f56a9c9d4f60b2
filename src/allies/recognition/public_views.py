"""The library's public partner page: no sign-in, only partners who agreed, only public fields.

Nothing private can reach the template: `public_page_context` copies an explicit list of public
fields into plain dictionaries, and the template receives only those (never a model instance).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from allies.recognition.models import ListingConsent, PublicPage


def public_partners(library) -> list[dict]:
    """The partners listed publicly, as {name, sentence, website}, sorted by name."""
    consents = ListingConsent.objects.listed(library).select_related("partnership__organization")
    partners = [
        {
            "name": consent.display_name,
            "sentence": consent.public_sentence.strip(),
            # The form takes only http(s) addresses; a value written another way is left out.
            "website": consent.public_website if _is_web_address(consent.public_website) else "",
        }
        for consent in consents
    ]
    return sorted(partners, key=lambda partner: partner["name"].casefold())


def _is_web_address(value: str) -> bool:
    return value.lower().startswith(("https://", "http://"))


def public_page_context(library, page) -> dict:
    """Everything the public page shows, and nothing else."""
    return {
        "name": library.name,
        "slug": library.slug,
        "introduction": page.introduction.strip() if page else "",
        "partners": public_partners(library),
    }


def partner_page(request, library_slug):
    page = get_object_or_404(
        PublicPage.objects.select_related("library"), library__slug=library_slug, published=True
    )
    return render(
        request, "recognition/public_page.html", {"public": public_page_context(page.library, page)}
    )
