"""System checks that refuse an unsafe production configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_shared_by_all_processes(app_configs, **kwargs):
    """Several app processes on PostgreSQL must share one SECRET_KEY from the environment."""
    return secret_key_problems(
        settings.DATABASES["default"]["ENGINE"], settings.SECRET_KEY_FROM_ENV
    )


def secret_key_problems(engine: str, from_environment: bool) -> list:
    if "postgresql" in engine and not from_environment:
        return [
            Error(
                "SECRET_KEY is not set in the environment.",
                hint="On PostgreSQL, set SECRET_KEY so that every app process signs with the same key.",
                id="allies.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def debug_off(app_configs, **kwargs):
    if settings.DEBUG:
        return [Warning("DEBUG is on: error pages show internal details.", id="allies.W001")]
    return []


@register(Tags.security, deploy=True)
def secret_key_strong(app_configs, **kwargs):
    """A SECRET_KEY set in the environment must be long and random (the guide's placeholder is not).

    Django says so as a warning (security.W009); `allies serve` refuses to start on it.
    """
    return weak_secret_key_problems(settings.SECRET_KEY, settings.SECRET_KEY_FROM_ENV)


def weak_secret_key_problems(key: str, from_environment: bool) -> list:
    weak = len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")
    if from_environment and (weak or "CHANGE-ME" in key):
        return [
            Error(
                "SECRET_KEY is too short or too simple to keep sessions and e-mailed links safe.",
                hint=(
                    "Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
                ),
                id="allies.E002",
            )
        ]
    return []
