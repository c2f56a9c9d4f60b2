"""`restore_backup`: a backup file into a database, all or nothing.

- The file is checked whole before anything is written. Refused, with nothing written: a file that
  is not a backup, one cut short, one damaged (a table that does not match its checksum), one
  written by a newer Allies (a format or a migration this code does not know).
- A whole-site backup goes into an empty database, or replaces everything in it with
  `replace=True`. The database is migrated first (an empty one gets its tables), then the rows go in
  within one transaction: content types and permissions mapped onto this database's ids, foreign
  keys checked, PostgreSQL's sequences moved past the highest id, sign-in sessions emptied. Any
  failure rolls the transaction back and leaves the database as it was.
- A backup made before an upgrade is restored after it: it is first loaded at its own schema into a
  scratch SQLite database, migrated there as the database it came from would have been, and written
  again; that file is then restored as above.
- A one-library backup adds that library to this database with new ids (`one_library.py`); it is
  refused when a library with the same short name is already here. `library=SLUG` with a whole-site
  backup takes that library out of it the same way (through the scratch database).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.apps import apps as live_apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from allies.core import statistics
from allies.core.backup import BackupRefused
from allies.core.backup.archive import Archive
from allies.core.backup.databases import (
    applied_migrations,
    code_migrations,
    current_schema,
    migrate_to,
    models_at,
    scratch_sqlite,
)
from allies.core.backup.dump import write_backup
from allies.core.backup.load import RestoreSummary, load_as_is
from allies.core.backup.one_library import add_library
from allies.core.backup.tables import NOT_CARRIED, carried_tables


def restore_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    replace: bool = False,
    library: str | None = None,
    progress=None,
    workdir: Path | None = None,
) -> RestoreSummary:
    archive = Archive(path)
    try:
        _refuse_newer(archive)
        file_library = archive.manifest.get("library") or {}
        if library and archive.scope == "library" and file_library.get("slug") != library:
            raise BackupRefused(
                _("This backup holds the library %(found)s, not %(wanted)s.")
                % {"found": file_library.get("slug"), "wanted": library}
            )
        if replace and (library or archive.scope == "library"):
            raise BackupRefused(
                _(
                    "--replace replaces a whole site from a whole-site backup; a library is added "
                    "beside the others, never over them."
                )
            )
        archive.verify(progress)
        _refuse_newer_database(using)
        if archive.scope == "site" and not library and not replace and _has_rows(using):
            raise BackupRefused(
                _(
                    "This database already holds data. Restore into an empty database, or add "
                    "--replace to replace everything in it by the backup."
                )
            )
        behind = not archive.migrations >= current_schema()
        if behind or (library and archive.scope == "site"):
            with tempfile.TemporaryDirectory(dir=workdir, prefix="allies-restore-") as folder:
                again = _rewritten(archive, Path(folder), library, progress)
                try:
                    summary = _restore(again, using, replace, progress)
                finally:
                    again.close()
            summary.upgraded = behind
            return summary
        return _restore(archive, using, replace, progress)
    finally:
        archive.close()


def _restore(archive: Archive, using: str, replace: bool, progress) -> RestoreSummary:
    if applied_migrations(using) != current_schema():
        call_command("migrate", database=using, interactive=False, verbosity=0)
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            if archive.scope == "library":
                summary = add_library(archive, using, progress)
            else:
                if replace:
                    _empty(using)
                summary = RestoreSummary(
                    rows=load_as_is(archive, using, live_apps, progress),
                    tables=len(archive.tables),
                )
                _reset_sequences(using)
            connection.check_constraints(table_names=[entry["table"] for entry in archive.tables])
    except (IntegrityError, DatabaseError) as error:
        raise BackupRefused(
            _("The backup could not be restored here (%(error)s). Nothing was changed.")
            % {"error": str(error).strip().splitlines()[0] if str(error).strip() else error}
        ) from error
    if summary.rows >= statistics.LARGE_WRITE:
        # The tables are full now; the database's statistics still say they are empty.
        restored = {entry["table"] for entry in archive.tables}
        statistics.refresh_statistics(
            (
                model
                for model in live_apps.get_models(include_auto_created=True)
                if model._meta.db_table in restored
            ),
            using,
        )
    return summary


def _refuse_newer(archive: Archive) -> None:
    newer = archive.migrations - code_migrations()
    if newer:
        raise BackupRefused(
            _(
                "This backup comes from a newer version of Allies (it has %(names)s, which this "
                "version does not know). Upgrade Allies, then restore it. Nothing was restored."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in sorted(newer)[:5])}
        )


def _refuse_newer_database(using: str) -> None:
    newer = applied_migrations(using) - code_migrations()
    if newer:
        raise BackupRefused(
            _("This database was upgraded by a newer version of Allies; restore with that version.")
        )


def _has_rows(using: str) -> bool:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in carried_tables(live_apps):
            if table.db_table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table.db_table)} LIMIT 1")  # noqa: S608 - a table name from the app registry
                if cursor.fetchone():
                    return True
    return False


def _rewritten(archive: Archive, folder: Path, library: str | None, progress) -> Archive:
    """The file loaded into a scratch SQLite database at its own schema, migrated to this code's,
    and written again (the whole of it, or the one library asked for)."""
    with scratch_sqlite(folder) as scratch:
        migrate_to(scratch, archive.migrations)
        with transaction.atomic(using=scratch):
            load_as_is(archive, scratch, models_at(archive.migrations), progress)
        migrate_to(scratch, None)
        if library is None and archive.scope == "library":
            library = archive.manifest["library"]["slug"]
        summary = write_backup(folder / "rewritten.zip", using=scratch, library=library)
    return Archive(summary.path)


def _empty(using: str) -> None:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [table.db_table for table in carried_tables(live_apps)]
    tables += [live_apps.get_model(label)._meta.db_table for label in NOT_CARRIED]
    statements = connection.ops.sql_flush(no_style(), [t for t in tables if t in existing])
    connection.ops.execute_sql_flush(statements)


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    models = [table.model for table in carried_tables(live_apps)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
