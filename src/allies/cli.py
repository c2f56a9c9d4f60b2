"""The `allies` command: Django's management commands with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    from allies.core.languages import terminal_language

    # Messages in the terminal's language (ALLIES_LANGUAGE, else the system locale's), if ours.
    language = terminal_language(os.environ)
    if language:
        translation.activate(language)

    execute_from_command_line(
        [sys.argv[0], *sys.argv[1:]] if len(sys.argv) > 1 else [sys.argv[0], "help"]
    )


if __name__ == "__main__":
    main()
