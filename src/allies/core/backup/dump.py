"""`write_backup`: the database (or one library of it) into one backup file, while the site runs."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

import allies
from allies.core.backup import BackupRefused
from allies.core.backup.archive import FORMAT, FORMAT_VERSION, ArchiveWriter
from allies.core.backup.databases import applied_migrations, code_migrations, models_at, snapshot
from allies.core.backup.one_library import LibraryScope
from allies.core.backup.tables import carried_tables

CHUNK_ROWS = 2000


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    size: int
    sha256: str
    library: str | None


def write_backup(
    path: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    library: str | None = None,
    progress=None,
) -> BackupSummary:
    """Write every table (or one library's rows) to `path`, read in one snapshot of the database.

    The file is written beside `path` and renamed into place when complete, so `path` is never a
    half-written backup.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with snapshot(using) as alias:
        migrations = applied_migrations(alias)
        newer = migrations - code_migrations()
        if not migrations:
            raise BackupRefused(_("The database has no Allies tables yet: nothing to back up."))
        if newer:
            raise BackupRefused(
                _("This database was upgraded by a newer version of Allies (%(names)s).")
                % {"names": _names(newer)}
            )
        apps = models_at(migrations)
        tables = carried_tables(apps)
        scope = LibraryScope(apps, tables, alias, library) if library else None
        selections = []
        for table in tables:
            rows = scope.rows(table) if scope else table.model._base_manager.using(alias).all()
            if rows is not None:
                selections.append((table, rows.order_by(table.pk.attname)))
        counts = [rows.count() for _table, rows in selections]
        bar = progress(sum(counts), _("Backing up")) if progress else None
        archive = ArchiveWriter(partial)
        try:
            entries = [
                _write_table(archive, table, rows, bar, one_library=scope is not None)
                for table, rows in selections
            ]
            archive.finish(_manifest(alias, apps, migrations, entries, scope))
        except BaseException:
            archive.abandon()
            partial.unlink(missing_ok=True)
            raise
        if bar is not None:
            bar.close()
    try:
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(
        path=path,
        tables=len(entries),
        rows=sum(entry["rows"] for entry in entries),
        size=path.stat().st_size,
        sha256=file_sha256(path),
        library=library,
    )


def _write_table(archive: ArchiveWriter, table, rows, bar, *, one_library: bool) -> dict:
    columns = table.columns
    pk = columns.index(table.pk.attname)
    # In a one-library file the library's library system stays behind: the target may not have it.
    blank = {
        index
        for index, field in enumerate(table.fields)
        if one_library
        and table.label == "libraries.library"
        and field.is_relation
        and field.related_model is table.model
    }
    first = last = None
    with archive.table(table.member) as writer:
        for row in rows.values_list(*columns).iterator(chunk_size=CHUNK_ROWS):
            if blank:
                row = [None if index in blank else value for index, value in enumerate(row)]
            writer.write(row)
            if first is None:
                first = row[pk]
            last = row[pk]
            if bar is not None and writer.rows % CHUNK_ROWS == 0:
                bar.update(CHUNK_ROWS)
        digest = writer.finish()
    if bar is not None:
        bar.update(writer.rows % CHUNK_ROWS)
    return {
        "label": table.label,
        "table": table.db_table,
        "member": table.member,
        "columns": columns,
        "rows": writer.rows,
        "first_id": first,
        "last_id": last,
        "sha256": digest,
    }


def _manifest(alias: str, apps, migrations, entries: list[dict], scope) -> dict:
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "allies_version": allies.__version__,
        "created_at": timezone.now().isoformat(),
        "database": connections[alias].vendor,
        "scope": "library" if scope else "site",
        "library": (
            {
                "id": scope.library.pk,
                "slug": scope.library.slug,
                "name": scope.library.name,
                "members": scope.member_ids,
            }
            if scope
            else None
        ),
        "migrations": sorted(f"{app}.{name}" for app, name in migrations),
        "content_types": list(
            content_type._base_manager.using(alias)
            .order_by("pk")
            .values_list("pk", "app_label", "model")
        ),
        "permissions": list(
            permission._base_manager.using(alias)
            .order_by("pk")
            .values_list("pk", "content_type_id", "codename", "name")
        ),
        "tables": entries,
    }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _names(migrations) -> str:
    return ", ".join(f"{app}.{name}" for app, name in sorted(migrations)[:5])
