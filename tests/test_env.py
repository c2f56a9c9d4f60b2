"""Settings from the environment: strict parsing, clear refusals."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from allies.core import env


def test_postgres_url_becomes_django_settings(tmp_path):
    db = env.database_from_url(
        "postgres://ann:p%40ss@db.example:6543/allies?sslmode=require", tmp_path
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "ann",
        "p@ss",
        "db.example",
        "6543",
        "allies",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_no_url_means_sqlite_in_the_data_folder(tmp_path):
    db = env.database_from_url(None, tmp_path / "allies.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "allies.sqlite3")
    # Kept between requests, as PostgreSQL's: a new connection per request cost about as much
    # CPU as the page (docs/benchmarks.md).
    assert db["CONN_MAX_AGE"] == 60


def test_an_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        env.database_from_url("mysql://root@localhost/allies", tmp_path)


@pytest.mark.parametrize(
    ("url", "port", "ssl", "tls"),
    [
        ("smtp://mail.example", 25, False, False),
        ("submission://u:p@mail.example", 587, False, True),
        ("smtps://u:p@mail.example", 465, True, False),
        ("smtp://mail.example:2525?tls=1", 2525, False, True),
    ],
)
def test_email_url(url, port, ssl, tls):
    conf = env.email_from_url(url)
    assert conf["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (conf["EMAIL_PORT"], conf["EMAIL_USE_SSL"], conf["EMAIL_USE_TLS"]) == (port, ssl, tls)


def test_a_misspelt_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG", default=False)


def test_generated_secret_key_is_kept_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, from_env = env.secret_key(tmp_path)
    second, _ = env.secret_key(tmp_path)
    assert first == second and len(first) >= 50 and not from_env
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_on_postgres_without_secret_key_fails_the_deploy_check():
    from allies.core.checks import secret_key_problems

    postgres = "django.db.backends.postgresql"
    assert [e.id for e in secret_key_problems(postgres, from_environment=False)] == ["allies.E001"]
    assert secret_key_problems(postgres, from_environment=True) == []
    assert secret_key_problems("django.db.backends.sqlite3", from_environment=False) == []


def test_a_whole_number_setting_is_read_strictly(monkeypatch):
    monkeypatch.setenv("API_REQUESTS_PER_MINUTE", " 120 ")
    assert env.env_int("API_REQUESTS_PER_MINUTE", default=600, minimum=1) == 120
    monkeypatch.setenv("API_REQUESTS_PER_MINUTE", "")
    assert env.env_int("API_REQUESTS_PER_MINUTE", default=600, minimum=1) == 600
    for wrong in ("many", "0", "1.5"):
        monkeypatch.setenv("API_REQUESTS_PER_MINUTE", wrong)
        with pytest.raises(ImproperlyConfigured, match="API_REQUESTS_PER_MINUTE"):
            env.env_int("API_REQUESTS_PER_MINUTE", default=600, minimum=1)
