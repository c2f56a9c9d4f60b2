"""Commitments know when they last changed (the API's ?updated_since=). Existing commitments and
their history rows take their creation time, so no row is lost or left without a value."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def from_created(apps, schema_editor):
    apps.get_model("partnerships", "Commitment").objects.update(updated_at=F("created_at"))
    apps.get_model("partnerships", "HistoricalCommitment").objects.update(
        updated_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0004_commitments_ui")]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="updated_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(from_created, migrations.RunPython.noop),
    ]
