"""The rows of an import staff chose to merge into the organization they look like. A new column
with an empty default; every row is kept."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_search_text_with_notes"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="merge_rows",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
