from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TodayConfig(AppConfig):
    """The home page of a library. It gathers what every step of the method has for the person
    signed in, so it sits below them all: it may import any app, and no app imports it."""

    name = "allies.today"
    verbose_name = _("Today")
