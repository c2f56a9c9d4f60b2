# A slot kept for recognition's schema (publicity drafts, the public partner page); empty until needed.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("libraries", "0001_initial"),
        ("partnerships", "0004_commitments_ui"),
        ("stewardship", "0004_habits_health"),
    ]

    operations = []
