from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StewardshipConfig(AppConfig):
    name = "allies.stewardship"
    verbose_name = _("Stewardship")
