"""URLs of the action plan workbook, under /l/<slug>/plan/ (namespace "planning")."""

urlpatterns: list = []
