"""URLs of a partner's impact report, under /l/<slug>/reports/ (namespace "recognition")."""

from django.urls import path

from allies.recognition import impact_views

urlpatterns: list = [
    path(
        "partners/<int:partnership_id>/impact/",
        impact_views.impact_report,
        name="impact_report",
    ),
    path(
        "partners/<int:partnership_id>/impact/word/",
        impact_views.impact_report_docx,
        name="impact_report_docx",
    ),
    path(
        "partners/<int:partnership_id>/impact/shared/",
        impact_views.impact_report_shared,
        name="impact_report_shared",
    ),
]
