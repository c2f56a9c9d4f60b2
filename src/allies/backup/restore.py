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
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from django.apps import apps as live_apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from allies.backup import BackupRefused
from allies.backup.archive import Archive
from allies.backup.databases import (
    applied_migrations,
    code_migrations,
    current_schema,
    migrate_to,
    models_at,
    scratch_sqlite,
)
from allies.backup.dump import write_backup
from allies.backup.tables import NOT_CARRIED, Table, carried_tables, decoder

BATCH_ROWS = 1000


@dataclass
class RestoreSummary:
    rows: int
    tables: int
    library: dict | None = None
    upgraded: bool = False
    people_matched: int = 0
    people_added: int = 0


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
                summary = _add_library(archive, using, progress)
            else:
                if replace:
                    _empty(using)
                summary = RestoreSummary(
                    rows=_load_as_is(archive, using, live_apps, progress),
                    tables=len(archive.tables),
                )
                _reset_sequences(using)
            connection.check_constraints(table_names=[entry["table"] for entry in archive.tables])
    except (IntegrityError, DatabaseError) as error:
        raise BackupRefused(
            _("The backup could not be restored here (%(error)s). Nothing was changed.")
            % {"error": str(error).strip().splitlines()[0] if str(error).strip() else error}
        ) from error
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
            _load_as_is(archive, scratch, models_at(archive.migrations), progress)
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


def _load_as_is(archive: Archive, using: str, apps, progress) -> int:
    """Every row with its own ids (a whole site into an empty database)."""
    connection = connections[using]
    content_types, permissions = _mapped_ids(archive, using, apps)
    tables = {table.label: table for table in carried_tables(apps)}
    bar = progress(archive.total_rows, _("Restoring")) if progress else None
    rows = 0
    for entry in archive.tables:
        table = _table_for(tables, entry)
        remap = {}
        for index, field in enumerate(table.fields):
            if (
                field.is_relation
                and field.related_model._meta.label_lower == "contenttypes.contenttype"
            ):
                remap[index] = content_types
            elif field.is_relation and field.related_model._meta.label_lower == "auth.permission":
                remap[index] = permissions
        convert = _converter(table, connection, remap)
        rows += _insert(connection, table, map(convert, archive.rows(entry)), bar)
    if bar is not None:
        bar.close()
    return rows


def _add_library(archive: Archive, using: str, progress) -> RestoreSummary:
    """One library's rows with new ids, its people matched by e-mail address."""
    connection = connections[using]
    info = archive.manifest["library"]
    library_model = live_apps.get_model("libraries", "Library")
    if library_model._base_manager.using(using).filter(slug=info["slug"]).exists():
        raise BackupRefused(
            _("A library with the short name %(slug)s is already here. Nothing was restored.")
            % {"slug": info["slug"]}
        )
    content_types, permissions = _mapped_ids(archive, using, live_apps)
    tables = {table.label: table for table in carried_tables(live_apps)}
    ids = _NewIds(connection, tables, archive)
    user_label = settings.AUTH_USER_MODEL.lower()
    matched, added = _arrive_people(archive, tables[user_label], ids, set(info["members"]))
    ids.reserve_for([_table_for(tables, entry) for entry in archive.tables])
    bar = progress(archive.total_rows, _("Restoring")) if progress else None
    rows = added
    for entry in archive.tables:
        if entry["label"] == user_label:
            continue
        table = _table_for(tables, entry)
        convert = _renumbering_converter(table, connection, ids, content_types, permissions)
        rows += _insert(connection, table, map(convert, archive.rows(entry)), bar)
    if bar is not None:
        bar.close()
    new_library = library_model._base_manager.using(using).get(slug=info["slug"])
    return RestoreSummary(
        rows=rows,
        tables=len(archive.tables),
        library={"slug": new_library.slug, "name": new_library.name, "id": new_library.pk},
        people_matched=matched,
        people_added=added,
    )


class _NewIds:
    """New ids for one library's rows: the old id plus the target table's highest id so far."""

    def __init__(self, connection, tables: dict[str, Table], archive: Archive):
        self.connection = connection
        self.tables = tables
        self.archive = archive
        self.bases: dict[str, int] = {}
        self.people: dict[int, int] = {}
        self.user_label = settings.AUTH_USER_MODEL.lower()

    def __call__(self, label: str, old: int | None) -> int | None:
        if old is None:
            return None
        if label == self.user_label:
            return self.people.get(old)  # someone deleted since: their name is gone with them
        if label not in self.bases:
            raise RuntimeError(f"no new ids were reserved for {label}")
        return old + self.bases[label]

    def reserve_for(self, tables: list[Table]) -> None:
        """Fix the new ids of these tables and of every table they point to, before any row
        goes in (on PostgreSQL the rows go in by COPY, during which the connection takes no
        other query)."""
        labels = set()
        for table in tables:
            labels.add(table.label)
            labels |= {
                field.related_model._meta.label_lower for field in table.fields if field.is_relation
            }
            original = getattr(table.model, "instance_type", None)
            if original is not None:
                labels.add(original._meta.label_lower)
        labels -= {self.user_label, "contenttypes.contenttype", "auth.permission"}
        for label in sorted(labels - set(self.bases)):
            self.bases[label] = self._reserve(self.tables[label])

    def _reserve(self, table: Table) -> int:
        """The highest id the table has used; on PostgreSQL the sequence is moved past the
        block the arriving rows take, so that the site's own new rows never collide with them."""
        quote = self.connection.ops.quote_name
        entry = self.archive.table(table.label)
        span = (entry or {}).get("last_id") or 0
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(table.pk.column)}) FROM {quote(table.db_table)}")  # noqa: S608 - names from the app registry
            highest = cursor.fetchone()[0] or 0
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [table.db_table, table.pk.column]
                )
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - a name PostgreSQL gave
                    highest = max(highest, cursor.fetchone()[0])
                    cursor.execute("SELECT setval(%s, %s)", [sequence, highest + span + 1])
            elif self.connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table.db_table])
                found = cursor.fetchone()
                highest = max(highest, found[0] if found else 0)
        return highest


def _arrive_people(archive: Archive, table: Table, ids: _NewIds, members: set[int]):
    """Accounts matched by e-mail address; the others added without administrator rights, and
    without a password when they are not members of the library."""
    connection = ids.connection
    entry = archive.table(table.label)
    if entry is None:
        return 0, 0
    existing = {
        email.lower(): pk
        for pk, email in table.model._base_manager.using(connection.alias).values_list(
            "pk", "email"
        )
    }
    arriving = []
    for row in archive.rows(entry):
        values = dict(zip(entry["columns"], row, strict=True))
        email = values["email"].lower()
        if email in existing:
            ids.people[values["id"]] = existing[email]
            continue
        arriving.append(values)
    base = ids._reserve(table)
    for values in arriving:
        old = values["id"]
        values["id"] = ids.people[old] = old + base
        values["is_superuser"] = values["is_staff"] = False
        if old not in members:
            values["password"] = make_password(None)
    convert = _converter(table, connection, {})
    rows = ([values[column] for column in table.columns] for values in arriving)
    _insert(connection, table, map(convert, rows), None)
    return len(ids.people) - len(arriving), len(arriving)


def _renumbering_converter(table: Table, connection, ids: _NewIds, content_types, permissions):
    label = table.label
    columns = table.columns
    shifts = []  # (index, label of the table the value is an id of)
    mapped = {}
    for index, field in enumerate(table.fields):
        if field.primary_key:
            shifts.append((index, label))
        elif field.is_relation:
            target = field.related_model._meta.label_lower
            if target == "contenttypes.contenttype":
                mapped[index] = content_types
            elif target == "auth.permission":
                mapped[index] = permissions
            else:
                shifts.append((index, target))
    original = getattr(table.model, "instance_type", None)
    if original is not None and original._meta.pk.attname in columns:
        # A history entry keeps the id of the record it is a version of.
        shifts.append((columns.index(original._meta.pk.attname), original._meta.label_lower))
    in_text = getattr(table.model, "renumber_ids_in_text", None)
    decode = _converter(table, connection, mapped)

    def convert(row: list) -> list:
        for index, target in shifts:
            row[index] = ids(target, row[index])
        if in_text is not None:
            values = in_text(dict(zip(columns, row, strict=True)), ids)
            row = [values[column] for column in columns]
        return decode(row)

    return convert


def _converter(table: Table, connection, mapped: dict):
    decoders = [
        (index, decode)
        for index, field in enumerate(table.fields)
        if (decode := decoder(field, connection)) is not None
    ]

    def convert(row: list) -> list:
        for index, ids in mapped.items():
            if row[index] is not None:
                row[index] = ids[row[index]]
        for index, decode in decoders:
            if row[index] is not None:
                row[index] = decode(row[index])
        return row

    return convert


def _table_for(tables: dict[str, Table], entry: dict) -> Table:
    table = tables.get(entry["label"])
    if table is None or table.columns != entry["columns"]:
        raise BackupRefused(
            _(
                "The table %(table)s of this backup does not match this version of Allies, "
                "although their migrations agree. Nothing was restored."
            )
            % {"table": entry["label"]}
        )
    return table


def _insert(connection, table: Table, rows, bar) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
                    if bar is not None and count % BATCH_ROWS == 0:
                        bar.update(BATCH_ROWS)
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            sql = f"INSERT INTO {quote(table.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the app registry
            rows = iter(rows)
            while batch := list(islice(rows, BATCH_ROWS)):
                cursor.executemany(sql, batch)
                count += len(batch)
                if bar is not None and len(batch) == BATCH_ROWS:
                    bar.update(BATCH_ROWS)
    if bar is not None:
        bar.update(count % BATCH_ROWS)
    return count


def _mapped_ids(archive: Archive, using: str, apps) -> tuple[dict, dict]:
    """The file's content type and permission ids, mapped onto this database's (made when
    missing: a database brought up to date without `migrate` has none yet)."""
    content_type = apps.get_model("contenttypes", "ContentType")._base_manager.using(using)
    permission = apps.get_model("auth", "Permission")._base_manager.using(using)
    known = {
        (app, model): pk for pk, app, model in content_type.values_list("pk", "app_label", "model")
    }
    types = {}
    for old, app, model in archive.manifest["content_types"]:
        if (app, model) not in known:
            known[app, model] = content_type.create(app_label=app, model=model).pk
        types[old] = known[app, model]
    known = {
        (type_id, codename): pk
        for pk, type_id, codename in permission.values_list("pk", "content_type_id", "codename")
    }
    permissions = {}
    for old, old_type, codename, name in archive.manifest["permissions"]:
        key = (types[old_type], codename)
        if key not in known:
            known[key] = permission.create(content_type_id=key[0], codename=codename, name=name).pk
        permissions[old] = known[key]
    return types, permissions


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    models = [table.model for table in carried_tables(live_apps)]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
