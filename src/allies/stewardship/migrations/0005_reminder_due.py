# A slot kept for schema changes the reports need from stewardship (see the file name); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stewardship", "0004_habits_health")]

    operations = []
