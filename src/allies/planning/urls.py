from django.urls import include, path

from allies.planning import board_views, brokering_views, ranking_views, urls_workbook, views

app_name = "planning"

# Goals and what serves them: /l/<slug>/goals/...
goal_patterns = [
    path("", views.goal_list, name="goals"),
    path("new/", views.goal_create, name="goal_create"),
    path("<int:pk>/", views.goal_detail, name="goal"),
    path("<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/rank/", ranking_views.goal_rank, name="goal_rank"),
    path(
        "<int:goal_id>/rank/<int:organization_id>/prospect/",
        ranking_views.add_prospect,
        name="add_prospect",
    ),
    path(
        "<int:goal_id>/candidates/<int:organization_id>/questions/",
        ranking_views.candidate_questions,
        name="candidate_questions",
    ),
    path("<int:pk>/brokering/", brokering_views.brokering, name="goal_brokering"),
    path("<int:pk>/brokering/introduce/", brokering_views.introduce, name="goal_introduce"),
]

# The plan: the action plan workbook and the benefits board, /l/<slug>/plan/...
plan_patterns = [
    path("benefits-board/", board_views.benefits_board, name="benefits_board"),
    path("benefits-board/edit/", board_views.benefits_board_edit, name="benefits_board_edit"),
    path(
        "benefits-board/benefits-board.docx",
        board_views.benefits_board_docx,
        name="benefits_board_docx",
    ),
    *urls_workbook.urlpatterns,
]

urlpatterns = [
    path("goals/", include(goal_patterns)),
    path("plan/", include(plan_patterns)),
]
