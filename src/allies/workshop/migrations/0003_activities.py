# A slot kept for schema changes of the activities (W2); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workshop", "0002_trainer")]

    operations = []
