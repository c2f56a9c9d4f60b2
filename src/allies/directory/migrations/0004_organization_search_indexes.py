"""Indexes for the organization list: sorting by last change, and, on PostgreSQL only, a trigram
index so `search_text LIKE '%word%'` (the `contains` lookup) does not read every row."""

from django.db import migrations, models


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_search_text_trgm "
        "ON directory_organization USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS org_search_text_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_import_batch"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["library", "updated_at"], name="org_library_updated"),
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index, elidable=False),
    ]
