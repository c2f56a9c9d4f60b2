from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "allies.matching"
    verbose_name = _("Matching")

    def ready(self):
        from allies.matching import signals  # noqa: F401
