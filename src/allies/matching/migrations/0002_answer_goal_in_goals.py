"""Answers point at goals.Goal: the table was renamed in goals 0001, so only the state moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0001_initial'),
        ('matching', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='answer',
                    name='goal',
                    field=models.ForeignKey(blank=True, help_text='Empty for an answer that holds for every goal.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='goals.goal'),
                ),
    
            ],
        ),
    ]
