from django.urls import include, path

from allies.planning import board_views, urls_workbook

app_name = "planning"

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
    path("plan/", include(plan_patterns)),
]
