"""The starting lists of audiences and resources every new library gets; each library edits its own."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

STARTING_AUDIENCES = [
    _("Children"),
    _("Teens"),
    _("Families"),
    _("Seniors"),
    _("English learners"),
    _("Low-income households"),
    _("Youth facing homelessness"),
    _("People experiencing homelessness"),
    _("Job seekers"),
    _("Small business owners"),
    _("Students"),
    _("Veterans"),
    _("People with disabilities"),
    _("Immigrants and refugees"),
    _("Rural residents"),
    _("Adult learners"),
]

STARTING_RESOURCES = [
    _("Funding"),
    _("Volunteers"),
    _("Meeting space"),
    _("Technology"),
    _("Expertise"),
    _("Promotion"),
    _("Influence with decision makers"),
    _("In-kind goods"),
    _("Training"),
    _("Transportation"),
    _("Research and data"),
]


def seed_vocabularies(library) -> None:
    """Give a library the starting audiences and resources (idempotent)."""
    from allies.directory.models import Audience, Resource

    for model, names in ((Audience, STARTING_AUDIENCES), (Resource, STARTING_RESOURCES)):
        existing = set(model.objects.filter(library=library).values_list("slug", flat=True))
        model.objects.bulk_create(
            [
                model(library=library, name=str(name), slug=slugify(str(name)))
                for name in names
                if slugify(str(name)) not in existing
            ]
        )
