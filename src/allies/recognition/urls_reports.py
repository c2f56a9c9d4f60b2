"""URLs of the dashboard and the annual report, under /l/<slug>/reports/ (namespace "recognition")."""

urlpatterns: list = []
