"""The connections a backup and a restore use, and the schema version of a database.

- `snapshot`: a second connection to the same database that sees it as it was at one moment, in a
  read-only transaction, while the site goes on writing through its own connections.
- `scratch_sqlite`: an empty SQLite database in a temporary folder, where an older backup is
  brought up to date (loaded at its own schema, then migrated) before it is restored.
- The schema version is the set of applied migrations, compared with the ones this code has.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.apps import apps as live_apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

Migration = tuple[str, str]


@contextmanager
def temporary_database(alias: str, settings_dict: dict) -> Iterator:
    """A connection alias that exists only inside the `with` block (and only in this thread: it
    is not added to settings.DATABASES, which every other part of Django reads)."""
    settings_dict = connections.configure_settings({DEFAULT_DB_ALIAS: {}, alias: settings_dict})[
        alias
    ]
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = connection
    try:
        yield connection
    finally:
        try:
            connection.close()
        finally:
            del connections[alias]


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL that opens this database in another process (an `allies` command)."""
    if "sqlite" in settings_dict["ENGINE"]:
        return f"sqlite://{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    login = f"{user}{password}@" if user else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    host = settings_dict.get("HOST") or "localhost"
    return f"postgres://{login}{host}{port}/{quote(settings_dict['NAME'])}"


@contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """Yield a connection alias reading `using` as it was when the block began."""
    source = connections[using]
    settings_dict = copy.deepcopy(source.settings_dict)
    settings_dict["CONN_MAX_AGE"] = 0
    options = settings_dict.setdefault("OPTIONS", {})
    if source.vendor == "sqlite":
        # A deferred transaction takes no write lock; in WAL mode its first read fixes what it sees
        # and writers go on committing beside it.
        options["transaction_mode"] = "DEFERRED"
    elif source.vendor == "postgresql":
        from psycopg import IsolationLevel

        options["isolation_level"] = IsolationLevel.REPEATABLE_READ
    alias = f"{using}-backup-snapshot"
    with temporary_database(alias, settings_dict) as connection, transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute("SELECT 1")  # the snapshot is taken at the first read
        yield alias


@contextmanager
def scratch_sqlite(folder: Path) -> Iterator[str]:
    path = folder / "scratch.sqlite3"
    settings_dict = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
    }
    with temporary_database("backup-scratch", settings_dict):
        yield "backup-scratch"


@functools.cache  # the code does not change while it runs
def code_migrations() -> frozenset[Migration]:
    """Every migration this code knows (replaced ones too: a database records those)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    return frozenset(loader.disk_migrations)


def applied_migrations(using: str) -> set[Migration]:
    """The migrations applied to a database, for the apps installed here."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return set()
    installed = {config.label for config in live_apps.get_app_configs()}
    return {key for key in recorder.applied_migrations() if key[0] in installed}


def models_at(migrations: set[Migration]):
    """The app registry for a schema: the code's own models, or the models as the migrations
    had made them when the schema is older."""
    if migrations >= current_schema():
        return live_apps
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state(_leaves(loader, migrations), at_end=True).apps


def migrate_to(using: str, migrations: set[Migration] | None) -> None:
    """Bring an empty database to a schema (None: this code's latest)."""
    executor = MigrationExecutor(connections[using])
    if migrations is None:
        targets = executor.loader.graph.leaf_nodes()
    else:
        targets = _leaves(executor.loader, migrations)
    executor.migrate(targets)


@functools.cache
def current_schema() -> frozenset[Migration]:
    """The migrations a database at this code's schema has applied."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def _leaves(loader, migrations: set[Migration]) -> list[Migration]:
    nodes = migrations & set(loader.graph.nodes)
    return sorted(
        node
        for node in nodes
        if not {child.key for child in loader.graph.node_map[node].children} & nodes
    )
