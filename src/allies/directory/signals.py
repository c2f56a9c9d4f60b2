from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from allies.directory.vocabularies import seed_vocabularies
from allies.libraries.models import Library

# Sent after an import wrote organizations, people or affiliations in bulk (no post_save was sent).
# Arguments: library.
records_imported = Signal()
# Sent after an import of organizations is written, outside its transaction, where a few more
# seconds of work are fine (the command line, the background worker): the ranking reads the new
# names then, not on its first request. Arguments: library, progress (None, or
# progress(total, description) returning a bar with update(n) and close()).
organizations_written = Signal()


@receiver(post_save, sender=Library)
def give_new_library_its_vocabularies(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seed_vocabularies(instance)
