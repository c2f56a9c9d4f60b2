"""Raise the library's graph version whenever something the connection graph is built from changes."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from allies.connections.models import Connection, GraphVersion
from allies.directory.models import Affiliation, Person
from allies.directory.signals import records_imported


def bump(library_id: int) -> None:
    updated = GraphVersion.objects.filter(library_id=library_id).update(version=F("version") + 1)
    if not updated:
        GraphVersion.objects.get_or_create(library_id=library_id, defaults={"version": 1})


@receiver([post_save, post_delete], sender=Connection)
def connection_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.library_id)


@receiver([post_save, post_delete], sender=Affiliation)
def affiliation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(instance.organization.library_id)


@receiver(post_save, sender=Person)
def person_changed(sender, instance, raw=False, created=False, **kwargs):
    # A person linked to (or unlinked from) a staff account changes who the sources are.
    if not raw and not created:
        bump(instance.library_id)


@receiver(records_imported)
def directory_imported(sender, library, **kwargs):
    bump(library.pk)
