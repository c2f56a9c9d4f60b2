# The action plan workbook: a plan per goal or per staff member, and its items (written by hand).

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

PLAN_STATUS = [("draft", "Draft"), ("finished", "Finished")]
ITEM_KIND = [("opportunity", "New opportunity"), ("for_partner", "For a current partner")]
PROGRESS = [
    ("not_started", "Not started"),
    ("under_way", "Under way"),
    ("done", "Done"),
    ("dropped", "Dropped"),
]
HELP_TEXT = (
    "Name the partners (current or future) who could help and say why: the audience they "
    "reach, what they have that the library lacks, whom they can speak to."
)
HISTORY_OPTIONS = {
    "ordering": ("-history_date", "-history_id"),
    "get_latest_by": ("history_date", "history_id"),
}


def _history_fields():
    return [
        ("history_id", models.AutoField(primary_key=True, serialize=False)),
        ("history_date", models.DateTimeField(db_index=True)),
        ("history_change_reason", models.TextField(null=True)),
        (
            "history_type",
            models.CharField(
                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
            ),
        ),
        (
            "history_user",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]


def _loose(to, **extra):
    """A historical model's foreign key: no constraint, nothing cascades."""
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to=to,
        **extra,
    )


def _plan_fields():
    return [
        (
            "partners_who_could_help",
            models.TextField(
                blank=True, help_text=HELP_TEXT, verbose_name="Which partners could help, and why?"
            ),
        ),
        (
            "status",
            models.CharField(
                choices=PLAN_STATUS, default="draft", max_length=20, verbose_name="status"
            ),
        ),
        ("finished_on", models.DateField(blank=True, null=True, verbose_name="finished on")),
        (
            "created_at",
            models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
    ]


def _item_fields():
    return [
        ("kind", models.CharField(choices=ITEM_KIND, max_length=20, verbose_name="kind")),
        ("what", models.CharField(max_length=300, verbose_name="what to do")),
        ("why", models.TextField(blank=True, verbose_name="why, or a note")),
        ("due_on", models.DateField(blank=True, null=True, verbose_name="by when")),
        (
            "progress",
            models.CharField(
                choices=PROGRESS, default="not_started", max_length=20, verbose_name="progress"
            ),
        ),
        (
            "created_at",
            models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("libraries", "0001_initial"),
        ("partnerships", "0003_commitments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                *_plan_fields(),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "finished_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="finished by",
                    ),
                ),
                (
                    "goal",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_plan",
                        to="planning.goal",
                        verbose_name="goal",
                    ),
                ),
                (
                    "library",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_plans",
                        to="libraries.library",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_plans",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff member",
                    ),
                ),
            ],
            options={"verbose_name": "action plan", "ordering": ["id"]},
        ),
        migrations.AddConstraint(
            model_name="actionplan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("goal__isnull", False), ("member__isnull", True)),
                    models.Q(("goal__isnull", True), ("member__isnull", False)),
                    _connector="OR",
                ),
                name="action_plan_for_goal_or_member",
            ),
        ),
        migrations.AddConstraint(
            model_name="actionplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("member__isnull", False)),
                fields=("library", "member"),
                name="one_action_plan_per_member",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalActionPlan",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                *_plan_fields(),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                *_history_fields(),
                ("finished_by", _loose(settings.AUTH_USER_MODEL, verbose_name="finished by")),
                ("goal", _loose("planning.goal", verbose_name="goal")),
                ("library", _loose("libraries.library")),
                ("member", _loose(settings.AUTH_USER_MODEL, verbose_name="staff member")),
            ],
            options={
                "verbose_name": "historical action plan",
                "verbose_name_plural": "historical action plans",
                **HISTORY_OPTIONS,
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PlanItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                *_item_fields(),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "commitment",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="plan_item",
                        to="partnerships.commitment",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="plan_items",
                        to="partnerships.partnership",
                        verbose_name="partner",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="planning.actionplan",
                    ),
                ),
            ],
            options={"verbose_name": "plan item", "ordering": ["kind", "due_on", "id"]},
        ),
        migrations.CreateModel(
            name="HistoricalPlanItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                *_item_fields(),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                *_history_fields(),
                ("commitment", _loose("partnerships.commitment")),
                ("created_by", _loose(settings.AUTH_USER_MODEL)),
                ("partnership", _loose("partnerships.partnership", verbose_name="partner")),
                ("plan", _loose("planning.actionplan")),
            ],
            options={
                "verbose_name": "historical plan item",
                "verbose_name_plural": "historical plan items",
                **HISTORY_OPTIONS,
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
