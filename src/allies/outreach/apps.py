from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "allies.outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from allies.partnerships import panels

        panels.register("outreach/_partnership_introductions.html", 40)
        panels.register("outreach/_partnership_plan.html", 50)
        panels.register("outreach/_partnership_pilots.html", 60)
