"""Raise the library's features version whenever something the fit scores are built from changes."""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from allies.directory.models import Audience, Organization, Resource, SuggestionRejection
from allies.directory.signals import organizations_written, records_imported
from allies.libraries.models import Branch, Library
from allies.matching.models import Answer, FeaturesVersion, FitWeights


def bump(library_id: int) -> None:
    updated = FeaturesVersion.objects.filter(library_id=library_id).update(version=F("version") + 1)
    if not updated:
        FeaturesVersion.objects.get_or_create(library_id=library_id, defaults={"version": 1})


@receiver([post_save, post_delete], sender=Organization)
def organization_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.library_id)


@receiver(m2m_changed, sender=Organization.audiences.through)
@receiver(m2m_changed, sender=Organization.resources.through)
def organization_terms_changed(sender, instance, action, **kwargs):
    # Either side of the relation (organization.audiences or audience.organizations) carries
    # the library.
    if action.startswith("post_"):
        bump(instance.library_id)


@receiver([post_save, post_delete], sender=Answer)
def answer_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.library_id)


@receiver([post_save, post_delete], sender=FitWeights)
def weights_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.library_id)


@receiver(records_imported)
def directory_imported(sender, library, **kwargs):
    bump(library.pk)


@receiver(organizations_written)
def read_new_names(sender, library, progress=None, **kwargs):
    from allies.matching.features import read_name_words

    read_name_words(library, progress)


@receiver([post_save, post_delete], sender=Audience)
@receiver([post_save, post_delete], sender=Resource)
@receiver([post_save, post_delete], sender=SuggestionRejection)
@receiver([post_save, post_delete], sender=Branch)
def thesaurus_or_places_changed(sender, instance, raw=False, **kwargs):
    """A term, its words, a rejected suggestion or a branch's place changes what is inferred
    and how far organizations are."""
    if not raw:
        bump(instance.library_id)


@receiver(post_save, sender=Library)
def library_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        bump(instance.pk)
