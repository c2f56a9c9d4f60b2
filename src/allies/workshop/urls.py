"""Trainer pages, under /l/<slug>/workshop/ (namespace "workshop")."""

app_name = "workshop"
urlpatterns: list = []
