# A slot kept for the action plan workbook's schema; empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = []
