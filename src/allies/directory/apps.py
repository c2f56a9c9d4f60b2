from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "allies.directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from allies.directory import signals  # noqa: F401
