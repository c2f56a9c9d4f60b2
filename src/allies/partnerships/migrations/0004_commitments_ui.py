# A slot kept for schema changes of commitments; empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_commitments")]

    operations = []
