"""Goal moved to the goals app (goals 0001 renamed its tables): the action plan's foreign keys
point there, and planning forgets the models. Nothing is written to the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0001_initial'),
        ('matching', '0002_answer_goal_in_goals'),
        ('outreach', '0006_pitch_goal_in_goals'),
        ('planning', '0002_workbook'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalgoal_primary_audiences',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_resources_needed',
                    name='goal',
                ),
                migrations.AlterField(
                    model_name='historicalactionplan',
                    name='goal',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.goal', verbose_name='goal'),
                ),
                migrations.AlterField(
                    model_name='actionplan',
                    name='goal',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='action_plan', to='goals.goal', verbose_name='goal'),
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_secondary_audiences',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_decision_makers',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal',
                    name='library',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_resources_needed',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_decision_makers',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_secondary_audiences',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_primary_audiences',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_decision_makers',
                    name='person',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_primary_audiences',
                    name='audience',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_resources_needed',
                    name='resource',
                ),
                migrations.RemoveField(
                    model_name='historicalgoal_secondary_audiences',
                    name='audience',
                ),
                migrations.DeleteModel(
                    name='Goal',
                ),
                migrations.DeleteModel(
                    name='HistoricalGoal',
                ),
                migrations.DeleteModel(
                    name='HistoricalGoal_decision_makers',
                ),
                migrations.DeleteModel(
                    name='HistoricalGoal_primary_audiences',
                ),
                migrations.DeleteModel(
                    name='HistoricalGoal_resources_needed',
                ),
                migrations.DeleteModel(
                    name='HistoricalGoal_secondary_audiences',
                ),
    
            ],
        ),
    ]
