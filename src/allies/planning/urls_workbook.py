"""URLs of the action plan workbook, under /l/<slug>/plan/ (namespace "planning"); the benefits
board's URLs are in planning.urls."""

from django.urls import path

from allies.planning import workbook_views

urlpatterns: list = [
    path("", workbook_views.plan_index, name="plan"),
    path("mine/", workbook_views.my_plan, name="workbook_mine"),
    path("goals/<int:goal_id>/", workbook_views.goal_plan, name="workbook_goal"),
    path("<int:plan_id>/", workbook_views.plan_detail, name="workbook"),
    path("<int:plan_id>/answers/", workbook_views.plan_answers, name="workbook_answers"),
    path("<int:plan_id>/items/new/", workbook_views.item_add, name="workbook_item_add"),
    path(
        "<int:plan_id>/items/<int:plan_item_id>/",
        workbook_views.item_edit,
        name="workbook_item_edit",
    ),
    path(
        "<int:plan_id>/items/<int:plan_item_id>/progress/",
        workbook_views.item_progress,
        name="workbook_item_progress",
    ),
    path("<int:plan_id>/finish/", workbook_views.plan_finish, name="workbook_finish"),
    path("<int:plan_id>/reopen/", workbook_views.plan_reopen, name="workbook_reopen"),
    path("<int:plan_id>/action-plan.docx", workbook_views.plan_docx, name="workbook_docx"),
]
