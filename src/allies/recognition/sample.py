"""Recognition in the sample library: partners listed publicly, published thank-yous.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

# organization: (agreed to be listed, public sentence, public website)
CONSENTS = {
    "Hearthstone Club of Maple Ford": (
        True,
        "Funds the summer reading prizes and sends volunteers every July.",
        "https://hearthstone-club.example",
    ),
    "Lantern House Youth Shelter": (
        True,
        "Hosts the library's Wednesday teen tech drop-ins.",
        "https://lanternhouse.example",
    ),
    "Maple Ford School District": (
        True,
        "Gives every student a library card and a summer reading list.",
        "",
    ),
    "Maple Ford Senior Center": (
        True,
        "Welcomes the library's Tech help Tuesdays for its members.",
        "https://mfseniors.example",
    ),
    # The foundation's grant rules keep applicants off partner lists until a grant is decided.
    "Three Rivers Community Foundation": (False, "", ""),
}

INTRODUCTION = (
    "The Maple Ford Free Library does more for the town because local organizations work with "
    "us: they host our programs, fund our prizes and speak up for the library. Thank you."
)

# Days ago the newsletter thank-you went out: the day the sample's thank-you to the club was logged.
NEWSLETTER_DAYS_AGO = 12


def add_recognition(story) -> None:
    """The public page published with four partners listed and one that asked not to be; a
    published newsletter paragraph for the club and a draft press release for the shelter."""
    from allies.partnerships.models import Partnership, log
    from allies.recognition import drafts
    from allies.recognition.models import ListingConsent, PublicPage, Recognition
    from allies.stewardship.models import Contact

    library, director = story["library"], story["director"]
    today = timezone.localdate()
    partnerships = {
        p.organization.name: p
        for p in Partnership.objects.filter(library=library).select_related("organization")
    }
    for name, (agreed, sentence, website) in CONSENTS.items():
        ListingConsent.objects.create(
            library=library,
            partnership=partnerships[name],
            agreed=agreed,
            recorded_on=today - timedelta(days=30),
            recorded_by=director,
            public_sentence=sentence,
            public_website=website,
        )
    PublicPage.objects.create(
        library=library, published=True, introduction=INTRODUCTION, updated_by=director
    )

    club = partnerships["Hearthstone Club of Maple Ford"]
    sent_on = today - timedelta(days=NEWSLETTER_DAYS_AGO)
    thanks = Contact.objects.filter(partnership=club, kind="thanks", happened_on=sent_on).first()
    newsletter = Recognition.objects.create(
        library=library,
        partnership=club,
        kind="newsletter",
        text=drafts.newsletter(drafts.facts_for(club, day=sent_on)),
        status="published",
        published_on=sent_on,
        published_by=director,
        contact=thanks,
        created_by=director,
        created_at=timezone.now() - timedelta(days=NEWSLETTER_DAYS_AGO + 2),
    )
    entry = log(club, "Public recognition published: Newsletter paragraph", by=director)
    entry.logged_at = timezone.now() - timedelta(days=NEWSLETTER_DAYS_AGO)
    entry.link = reverse("recognition:recognition_detail", args=[library.slug, newsletter.pk])
    entry.save()

    shelter = partnerships["Lantern House Youth Shelter"]
    Recognition.objects.create(
        library=library,
        partnership=shelter,
        kind="press_release",
        text=drafts.press_release(drafts.facts_for(shelter)),
        created_by=story["staff"]["teens"],
    )
