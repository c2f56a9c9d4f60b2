# A slot kept for schema changes of one part of outreach (see the file name); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_introductions")]

    operations = []
