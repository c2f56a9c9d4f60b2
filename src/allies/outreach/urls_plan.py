from django.urls import path

from allies.outreach import plan_views

urlpatterns = [
    path("partnerships/<int:partnership_id>/plan/", plan_views.plan_edit, name="plan"),
    path(
        "partnerships/<int:partnership_id>/plan/draft/",
        plan_views.plan_draft,
        name="plan_draft",
    ),
    path(
        "partnerships/<int:partnership_id>/plan/steps/<int:step_id>/done/",
        plan_views.step_done,
        name="step_done",
    ),
    path(
        "partnerships/<int:partnership_id>/plan/steps/<int:step_id>/reopen/",
        plan_views.step_reopen,
        name="step_reopen",
    ),
]
