from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "allies.workshop"
    verbose_name = _("Workshop")
