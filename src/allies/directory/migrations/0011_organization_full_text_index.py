"""The full-text index of organizations (see directory/fulltext.py): on SQLite an FTS5 table with
the organization table as its content, its triggers, and the index filled from every existing row;
on PostgreSQL a GIN index over the weighted tsvector. Nothing else changes: no column is added or
removed and every row is kept."""

from django.db import migrations


def create(apps, schema_editor):
    from allies.directory import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.create_postgresql_index(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        fulltext.ensure_sqlite_index(schema_editor.connection, rebuild=True)


def drop(apps, schema_editor):
    from allies.directory import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.drop_postgresql_index(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        fulltext.drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_import_jobs")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
