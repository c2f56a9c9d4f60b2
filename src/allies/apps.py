from django.apps import AppConfig


class AlliesConfig(AppConfig):
    """The project package itself: base templates, static files, system checks, project commands."""

    name = "allies"
    verbose_name = "Allies"

    def ready(self) -> None:
        from allies.core import (
            catalogs,
            checks,  # noqa: F401  (registers the system checks)
            choices,
            page_cache,
            text,
        )

        text.install()  # every form's text fields drop control characters
        page_cache.install()  # any change to the data forgets the pages kept for members
        choices.install()  # our models' get_FOO_display() translate one label, not all of them
        catalogs.compile_catalogs()  # the .po files in git become the .mo files Django reads
