from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API under /api/v1/, its OpenAPI description and the members' access tokens."""

    name = "allies.api"
    verbose_name = _("API")
