from django.db.models.signals import post_save
from django.dispatch import receiver

from allies.directory.vocabularies import seed_vocabularies
from allies.libraries.models import Library


@receiver(post_save, sender=Library)
def give_new_library_its_vocabularies(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seed_vocabularies(instance)
