"""Advocacy goals move from planning (the 8th app) to goals (the 3rd), keeping every row.

The tables are renamed, not copied: planning_goal becomes goals_goal, with its many-to-many tables,
its history and the history of its many-to-many fields, so every goal and every history entry
stays with its id and every foreign key that points at a goal keeps pointing at it. The content
types of the moved models follow them. The state of the other apps' foreign keys is moved in
matching 0002, outreach 0006 and planning 0003, which depend on this migration.
"""


import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED_TABLES = [
    "goal",
    "goal_primary_audiences",
    "goal_secondary_audiences",
    "goal_decision_makers",
    "goal_resources_needed",
    "historicalgoal",
    "historicalgoal_primary_audiences",
    "historicalgoal_secondary_audiences",
    "historicalgoal_decision_makers",
    "historicalgoal_resources_needed",
]
MOVED_MODELS = [
    "goal",
    "historicalgoal",
    "historicalgoal_primary_audiences",
    "historicalgoal_secondary_audiences",
    "historicalgoal_decision_makers",
    "historicalgoal_resources_needed",
]


def _rename(old_prefix: str, new_prefix: str) -> list[migrations.RunSQL]:
    return [
        migrations.RunSQL(
            f'ALTER TABLE "{old_prefix}_{table}" RENAME TO "{new_prefix}_{table}"',
            f'ALTER TABLE "{new_prefix}_{table}" RENAME TO "{old_prefix}_{table}"',
        )
        for table in MOVED_TABLES
    ]


def move_content_types(apps, schema_editor, old="planning", new="goals"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="goals", new="planning")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        # Every migration that made a foreign key to planning's goal comes first, so the
        # rename carries those keys along (SQLite rewrites them, PostgreSQL follows the table).
        ('planning', '0002_workbook'),
        ('matching', '0001_initial'),
        ('outreach', '0005_pilots_events'),
        ('directory', '0005_irs_figures_and_locations'),
        ('libraries', '0002_library_location'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=_rename("planning", "goals"),
            state_operations=[
                    migrations.CreateModel(
                        name='Goal',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('statement', models.CharField(help_text='One sentence: what should change, and by when.', max_length=300, verbose_name='goal')),
                            ('description', models.TextField(blank=True, verbose_name='background')),
                            ('deadline', models.DateField(blank=True, null=True, verbose_name='deadline')),
                            ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'Active'), ('achieved', 'Achieved'), ('set_aside', 'Set aside')], default='active', max_length=20, verbose_name='status')),
                            ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                            ('updated_at', models.DateTimeField(auto_now=True)),
                            ('decision_makers', models.ManyToManyField(blank=True, related_name='goals_deciding', to='directory.person', verbose_name='decision makers')),
                            ('library', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='libraries.library')),
                            ('primary_audiences', models.ManyToManyField(blank=True, related_name='primary_for_goals', to='directory.audience', verbose_name='primary audiences')),
                            ('resources_needed', models.ManyToManyField(blank=True, related_name='goals', to='directory.resource', verbose_name='resources the goal needs')),
                            ('secondary_audiences', models.ManyToManyField(blank=True, related_name='secondary_for_goals', to='directory.audience', verbose_name='secondary audiences')),
                        ],
                        options={
                            'verbose_name': 'advocacy goal',
                            'ordering': ['deadline', 'id'],
                        },
                    ),
                    migrations.CreateModel(
                        name='HistoricalGoal',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('statement', models.CharField(help_text='One sentence: what should change, and by when.', max_length=300, verbose_name='goal')),
                            ('description', models.TextField(blank=True, verbose_name='background')),
                            ('deadline', models.DateField(blank=True, null=True, verbose_name='deadline')),
                            ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'Active'), ('achieved', 'Achieved'), ('set_aside', 'Set aside')], default='active', max_length=20, verbose_name='status')),
                            ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                            ('updated_at', models.DateTimeField(blank=True, editable=False)),
                            ('history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('history_date', models.DateTimeField(db_index=True)),
                            ('history_change_reason', models.TextField(null=True)),
                            ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                            ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                            ('library', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='libraries.library')),
                        ],
                        options={
                            'verbose_name': 'historical advocacy goal',
                            'verbose_name_plural': 'historical advocacy goals',
                            'ordering': ('-history_date', '-history_id'),
                            'get_latest_by': ('history_date', 'history_id'),
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
                    migrations.CreateModel(
                        name='HistoricalGoal_decision_makers',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('goal', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.goal')),
                            ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='goals.historicalgoal')),
                            ('person', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.person')),
                        ],
                        options={
                            'verbose_name': 'HistoricalGoal_decision_makers',
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
                    migrations.CreateModel(
                        name='HistoricalGoal_primary_audiences',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('audience', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.audience')),
                            ('goal', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.goal')),
                            ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='goals.historicalgoal')),
                        ],
                        options={
                            'verbose_name': 'HistoricalGoal_primary_audiences',
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
                    migrations.CreateModel(
                        name='HistoricalGoal_resources_needed',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('goal', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.goal')),
                            ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='goals.historicalgoal')),
                            ('resource', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.resource')),
                        ],
                        options={
                            'verbose_name': 'HistoricalGoal_resources_needed',
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
                    migrations.CreateModel(
                        name='HistoricalGoal_secondary_audiences',
                        fields=[
                            ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                            ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                            ('audience', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.audience')),
                            ('goal', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.goal')),
                            ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='goals.historicalgoal')),
                        ],
                        options={
                            'verbose_name': 'HistoricalGoal_secondary_audiences',
                        },
                        bases=(simple_history.models.HistoricalChanges, models.Model),
                    ),
    
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
