# A slot kept for schema changes of the trainer's pages (W1); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workshop", "0001_initial")]

    operations = []
