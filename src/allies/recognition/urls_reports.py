"""URLs of the dashboard and the annual report, under /l/<slug>/reports/ (namespace "recognition")."""

from django.urls import path

from allies.recognition import reports_views

urlpatterns: list = [
    path("", reports_views.dashboard, name="dashboard"),
    path("annual/", reports_views.annual_report, name="annual_report"),
    path("annual/word/", reports_views.annual_report_docx, name="annual_report_docx"),
    path("partners/", reports_views.partner_reports, name="partner_reports"),
]
