# A slot kept for schema changes of one part of stewardship (see the file name); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("stewardship", "0003_reminders")]

    operations = []
