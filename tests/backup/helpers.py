"""Reading databases and backup files table by table, to compare them row by row."""

import json
import zipfile
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from allies.core.backup.tables import carried_tables


def backup(path, *args) -> str:
    out = StringIO()
    call_command("backup", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def restore(path, *args) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _plain(value):
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def database_rows(alias: str) -> dict[str, list[tuple]]:
    """Every carried table's rows, as Python values, sorted by primary key."""
    rows = {}
    for table in carried_tables(apps):
        query = table.model._base_manager.using(alias).order_by(table.pk.attname)
        rows[table.label] = [
            tuple(_plain(value) for value in row) for row in query.values_list(*table.columns)
        ]
    return rows


def file_rows(path) -> dict[str, list[list]]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        return {
            entry["label"]: [
                json.loads(line) for line in archive.read(entry["member"]).splitlines()
            ]
            for entry in manifest["tables"]
        }


def manifest(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))
