"""Rows from a backup file into a database: converted column by column, inserted in batches
(COPY on PostgreSQL), content types and permissions mapped onto the database's own ids."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from django.db import connections
from django.utils.translation import gettext as _

from allies.core.backup import BackupRefused
from allies.core.backup.archive import Archive
from allies.core.backup.tables import Table, carried_tables, decoder

BATCH_ROWS = 1000


@dataclass
class RestoreSummary:
    rows: int
    tables: int
    library: dict | None = None
    upgraded: bool = False
    people_matched: int = 0
    people_added: int = 0


def load_as_is(archive: Archive, using: str, apps, progress) -> int:
    """Every row with its own ids (a whole site into an empty database)."""
    connection = connections[using]
    content_types, permissions = mapped_ids(archive, using, apps)
    tables = {table.label: table for table in carried_tables(apps)}
    bar = progress(archive.total_rows, _("Restoring")) if progress else None
    rows = 0
    for entry in archive.tables:
        table = table_for(tables, entry)
        remap = {}
        for index, field in enumerate(table.fields):
            if (
                field.is_relation
                and field.related_model._meta.label_lower == "contenttypes.contenttype"
            ):
                remap[index] = content_types
            elif field.is_relation and field.related_model._meta.label_lower == "auth.permission":
                remap[index] = permissions
        convert = row_converter(table, connection, remap)
        rows += insert_rows(connection, table, map(convert, archive.rows(entry)), bar)
    if bar is not None:
        bar.close()
    return rows


def row_converter(table: Table, connection, mapped: dict):
    """A function turning a row of the file into values for the database: ids looked up in
    `mapped` ({column index: {old id: new id}}), then each value decoded for its field."""
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


def table_for(tables: dict[str, Table], entry: dict) -> Table:
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


def insert_rows(connection, table: Table, rows, bar) -> int:
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


def mapped_ids(archive: Archive, using: str, apps) -> tuple[dict, dict]:
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
