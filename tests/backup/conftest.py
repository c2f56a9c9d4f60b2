"""Extra databases for backup tests: a second Allies of the same kind as the suite's database, and
one of the other kind (PostgreSQL when the suite runs on SQLite, SQLite when it runs on PostgreSQL).

Each is created and migrated once per session, and emptied after every test that used it. The
PostgreSQL one needs a server: the suite's own, or ALLIES_TEST_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres); without one those tests are skipped, unless
ALLIES_REQUIRE_POSTGRES is set.
"""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from allies.core import env
from allies.core.backup.databases import temporary_database

POSTGRES_URL = os.environ.get(
    "ALLIES_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def _postgres_server() -> dict | None:
    """Settings for the PostgreSQL server to create databases on, or None when none answers."""
    if connection.vendor == "postgresql":
        return dict(connection.settings_dict)
    import psycopg

    server = env.database_from_url(POSTGRES_URL, None)
    try:
        psycopg.connect(
            dbname=server["NAME"],
            user=server["USER"],
            password=server["PASSWORD"],
            host=server["HOST"],
            port=server["PORT"] or None,
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return None
    return server


class Databases:
    """Migrated databases by kind, made on first use, dropped at the end of the session."""

    def __init__(self, folder):
        self.folder = folder
        self.made: dict[str, dict] = {}
        self.dropped: list = []

    def settings_for(self, vendor: str) -> dict:
        if vendor not in self.made:
            self.made[vendor] = self._make(vendor)
        return self.made[vendor]

    def _make(self, vendor: str) -> dict:
        if vendor == "sqlite":
            settings_dict = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(self.folder / "second.sqlite3"),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "init_command": "PRAGMA journal_mode=WAL;",
                },
            }
        else:
            server = _postgres_server()
            if server is None:
                message = f"no PostgreSQL server answers at {POSTGRES_URL}"
                if os.environ.get("ALLIES_REQUIRE_POSTGRES"):
                    pytest.fail(message)
                pytest.skip(message)
            name = f"allies_backup_test_{os.getpid()}"
            self._admin(server, f'DROP DATABASE IF EXISTS "{name}"')
            self._admin(server, f'CREATE DATABASE "{name}"')
            self.dropped.append((server, name))
            settings_dict = {
                key: server[key] for key in ("ENGINE", "USER", "PASSWORD", "HOST", "PORT")
            }
            settings_dict["NAME"] = name
        with temporary_database("backup-setup", settings_dict):
            call_command("migrate", database="backup-setup", verbosity=0, stdout=StringIO())
        return settings_dict

    @staticmethod
    def _admin(server: dict, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            dbname=server["NAME"] if connection.vendor != "postgresql" else "postgres",
            user=server["USER"],
            password=server["PASSWORD"],
            host=server["HOST"],
            port=server["PORT"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(statement)

    def drop_all(self) -> None:
        for server, name in self.dropped:
            self._admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def extra_databases(django_db_setup, django_db_blocker, tmp_path_factory):
    databases = Databases(tmp_path_factory.mktemp("backup-databases"))
    yield databases
    with django_db_blocker.unblock():
        databases.drop_all()


def _attached(extra_databases, django_db_blocker, vendor: str, alias: str):
    with django_db_blocker.unblock():
        settings_dict = extra_databases.settings_for(vendor)
    with temporary_database(alias, settings_dict):
        try:
            yield alias
        finally:
            call_command("flush", database=alias, interactive=False, verbosity=0, stdout=StringIO())


@pytest.fixture
def second_allies(transactional_db, extra_databases, django_db_blocker):
    """Another migrated, empty Allies on the same kind of database as the suite's."""
    yield from _attached(extra_databases, django_db_blocker, connection.vendor, "second-allies")


@pytest.fixture
def other_kind_of_database(transactional_db, extra_databases, django_db_blocker):
    """A migrated, empty Allies on the other kind of database."""
    vendor = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    yield from _attached(extra_databases, django_db_blocker, vendor, "other-kind")
