from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "allies.partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from allies.partnerships import merging, panels

        merging.register()

        panels.register("partnerships/_commitments.html", 30)
