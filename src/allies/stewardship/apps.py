from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StewardshipConfig(AppConfig):
    name = "allies.stewardship"
    verbose_name = _("Stewardship")

    def ready(self):
        from allies.partnerships import panels

        panels.register("stewardship/_partnership_health.html", 10)
        panels.register("stewardship/_partnership_contacts.html", 20)
