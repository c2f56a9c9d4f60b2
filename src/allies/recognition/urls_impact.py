"""URLs of a partner's impact report, under /l/<slug>/reports/ (namespace "recognition")."""

urlpatterns: list = []
