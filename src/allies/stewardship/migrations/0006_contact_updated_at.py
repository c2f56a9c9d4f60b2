"""Contacts know when they last changed (the API's ?updated_since=). Existing contacts take the
time they were logged, so every row keeps a true value."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def from_logged(apps, schema_editor):
    apps.get_model("stewardship", "Contact").objects.update(updated_at=F("logged_at"))


class Migration(migrations.Migration):
    dependencies = [("stewardship", "0005_reminder_due")]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(from_logged, migrations.RunPython.noop),
    ]
