from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "allies.matching"
    verbose_name = _("Matching")

    def ready(self):
        from allies.goals import checks
        from allies.matching import signals  # noqa: F401
        from allies.matching.features import goal_audience_warnings

        checks.register(goal_audience_warnings)
