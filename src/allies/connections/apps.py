from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectionsConfig(AppConfig):
    name = "allies.connections"
    verbose_name = _("Connections")

    def ready(self) -> None:
        from allies.connections import signals  # noqa: F401
