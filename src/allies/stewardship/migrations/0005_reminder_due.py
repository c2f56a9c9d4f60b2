# When a decided reminder was due, for the reports' "done on time vs late" (set by reminders._decide).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stewardship", "0004_habits_health")]

    operations = [
        migrations.AddField(
            model_name="reminderdecision",
            name="due_on",
            field=models.DateField(blank=True, null=True),
        ),
    ]
