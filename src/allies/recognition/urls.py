"""Reports and recognition, under /l/<slug>/reports/. Each part keeps its own URL module."""

from allies.recognition import urls_drafts, urls_impact, urls_reports

app_name = "recognition"
urlpatterns = [*urls_reports.urlpatterns, *urls_impact.urlpatterns, *urls_drafts.urlpatterns]
