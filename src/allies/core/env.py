"""Read settings from the environment, strictly, with safe defaults for the demo."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def site_url() -> str | None:
    """The address people open, from ALLIES_SITE_URL (or its older name SITE_URL), without a slash."""
    value = os.environ.get("ALLIES_SITE_URL") or os.environ.get("SITE_URL")
    return value.rstrip("/") if value else None


def data_dir() -> Path:
    """The folder that holds the SQLite database and the generated secret key."""
    raw = os.environ.get("ALLIES_DATA_DIR") or str(Path.home() / ".allies")
    path = Path(raw).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> tuple[str, bool]:
    """Return (key, from_environment). Without SECRET_KEY, a random key kept in the data dir."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"], True
    key_file = folder / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip(), False


def database_from_url(url: str | None, sqlite_path: Path) -> dict:
    """Turn DATABASE_URL into Django's DATABASES['default']; SQLite in the data dir without it."""
    if not url:
        return _sqlite(str(sqlite_path))
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        return _sqlite(unquote(parts.path) or str(sqlite_path))
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite://, not {parts.scheme or 'nothing'}://"
    )


def _sqlite(path: str) -> dict:
    # WAL lets a backup read one moment of the database while the site goes on writing.
    # Each app process keeps its connection between requests (as with PostgreSQL): a new one per
    # request read the schema again and started with an empty page cache, about as much CPU as
    # the page itself (docs/benchmarks.md, "Signed-in members browsing").
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }


def email_from_url(url: str | None) -> dict:
    """Turn EMAIL_URL (smtp://user:pass@host:port, smtps://, console:) into e-mail settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtps:// or console:")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port
        or (465 if parts.scheme == "smtps" else 587 if parts.scheme == "submission" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "submission" or query.get("tls", ["0"])[-1] in TRUE_WORDS,
    }
