from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "allies.recognition"
    verbose_name = _("Recognition and reports")

    def ready(self):
        from allies.partnerships import panels

        panels.register("recognition/_partnership_impact.html", 70)
        panels.register("recognition/_partnership_recognition.html", 80)
