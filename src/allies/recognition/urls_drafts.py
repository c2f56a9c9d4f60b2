"""URLs of recognition drafts for a partnership, under /l/<slug>/reports/ (namespace "recognition")."""

urlpatterns: list = []
