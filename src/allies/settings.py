"""Django settings for Allies, read from the environment (see the configuration table in README.md)."""

import os
from pathlib import Path

from allies.core import env

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.data_dir()

SECRET_KEY, SECRET_KEY_FROM_ENV = env.secret_key(DATA_DIR)
DEBUG = env.env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", "")
# ALLIES_SITE_URL (or SITE_URL) set: the address people open, used for workshop join links too;
# unset: the browser's address.
SITE_URL = env.site_url() or "http://127.0.0.1:8000"
SITE_URL_FROM_ENV = env.site_url() is not None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allies",
    "allies.libraries",
    "allies.directory",
    "allies.goals",
    "allies.partnerships",
    "allies.connections",
    "allies.matching",
    "allies.outreach",
    "allies.stewardship",
    "allies.planning",
    "allies.recognition",
    "allies.workshop",
    "allies.api",
    "allies.today",
]

MIDDLEWARE = [
    "allies.core.health.HealthCheckMiddleware",  # first: asked by address, over plain HTTP
    "allies.core.page_cache.PageCacheMiddleware",  # a change forgets kept pages before its answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "allies.core.limits.CapSearchMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allies.core.languages.MemberLanguageMiddleware",  # after sign-in: the member's own language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allies.core.headers.PrivacyHeadersMiddleware",
    "allies.core.concurrency.EditCollisionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "allies.urls"
# Form widgets: Django's renderer with the common widgets drawn in Python (allies/core/widgets.py).
FORM_RENDERER = "allies.core.widgets.WidgetRenderer"
WSGI_APPLICATION = "allies.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "allies.libraries.context.current_library",
            ],
            # The infrastructure's tags (allies/core/ is no app): {% load dates %}, {% load documents %}.
            "libraries": {
                "dates": "allies.core.templatetags.dates",
                "documents": "allies.core.templatetags.documents",
            },
        },
    },
]

DATABASES = {
    "default": env.database_from_url(os.environ.get("DATABASE_URL"), DATA_DIR / "allies.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "libraries.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_MAX_AGE_DAYS = 14

# Languages (docs/translating.md): each in its own name, as a switcher shows it. The catalogs in
# src/allies/locale are compiled to .mo when Allies starts (allies/core/catalogs.py, needs msgfmt).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats per language, over Django's (allies/core/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["allies.core.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.env_bool("ALLIES_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env.env_bool("ALLIES_MANIFEST_STATIC", default=True)

# Caches: each process keeps its own in memory; "shared" lives in the database so that every app
# process on every machine sees the same counts (sign-in and e-mail limits, libraries/throttling.py).
# Its table is made by a migration (libraries 0003).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "allies_shared_cache",
    },
}
RATELIMIT_USE_CACHE = "shared"
# The pages members open most are kept per member until the data changes, for this many seconds
# at most (allies/core/page_cache.py); 0 turns that off. Kept in files, shared by the app
# processes of one machine.
PAGE_CACHE_SECONDS = env.env_int("ALLIES_PAGE_CACHE_SECONDS", default=60, minimum=0)
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": DATA_DIR / "cache" / "pages",
    "OPTIONS": {"MAX_ENTRIES": 3000},
}

# Uploads: imports accept files up to 20 MB; the import form checks the size and says so.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# Imports of more rows than this run in the background (`allies worker`), with a progress bar.
IMPORT_JOB_ROWS = env.env_int("ALLIES_IMPORT_JOB_ROWS", default=5000, minimum=1)
# A background import that has shown no sign of life for this long is marked as stopped, and an
# uploaded file is deleted this long after its upload when it was never imported.
IMPORT_JOB_TIMEOUT_MINUTES = env.env_int("ALLIES_IMPORT_JOB_TIMEOUT_MINUTES", default=15, minimum=1)
IMPORT_FILE_KEPT_HOURS = 24

# The sentence encoder behind the fit's "meaning" part (allies/matching/meaning.py): empty for the
# model that `make install` installs, a folder holding another copy of the same model, or "off".
MEANING_MODEL = os.environ.get("ALLIES_MEANING_MODEL", "").strip()

# Background jobs live in the database (no broker to run); `allies worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# The JSON API (docs/api.md): requests a token may make per minute, and the largest request body.
API_REQUESTS_PER_MINUTE = env.env_int("API_REQUESTS_PER_MINUTE", default=600, minimum=1)
API_MAX_BODY_BYTES = 1024 * 1024

globals().update(env.email_from_url(os.environ.get("EMAIL_URL")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Allies <allies@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS (docs/deploying.md, "Security settings"): all off by default, for a laptop or a LAN workshop.
SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.env_bool("SECURE_HSTS_PRELOAD", default=False)
# Behind nginx (or another proxy) that sets X-Forwarded-Proto and X-Forwarded-For: trust them for
# "is this HTTPS?" and for the client's network address (sign-in limits, libraries/throttling.py).
BEHIND_PROXY = env.env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Preloading HSTS into browsers is the site owner's decision, made at hstspreload.org; Allies
# offers SECURE_HSTS_PRELOAD but does not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp): scripts only from our own files, never inline; styles from
# our own files (inline style attributes are allowed: htmx and the API's docs page set some).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features Allies never uses, turned off for its pages (allies/core/headers.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "allies.core.logfilters.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
