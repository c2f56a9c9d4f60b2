from django.apps import AppConfig


class AlliesConfig(AppConfig):
    """The project package itself: base templates, static files, system checks, project commands."""

    name = "allies"
    verbose_name = "Allies"

    def ready(self) -> None:
        from allies.core import (
            catalogs,
            checks,  # noqa: F401  (registers the system checks)
            text,
        )

        text.install()  # every form's text fields drop control characters
        catalogs.compile_catalogs()  # the .po files in git become the .mo files Django reads
