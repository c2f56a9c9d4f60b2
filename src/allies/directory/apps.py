from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def keep_full_text_index(sender, using, plan=None, **kwargs):
    """A migration that alters the organization table makes it again on SQLite, without the
    triggers of the full-text index: make them again and rebuild the index (directory/fulltext.py).
    Nothing is done before the index's own migration ran, or when it was unapplied."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("directory", "0011_organization_full_text_index") not in applied:
        return
    from allies.directory import fulltext

    fulltext.ensure_sqlite_index(connection)


class DirectoryConfig(AppConfig):
    name = "allies.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from allies.directory import signals  # noqa: F401

        post_migrate.connect(keep_full_text_index, sender=self)
