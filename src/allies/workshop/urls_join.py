"""Participant pages, under /w/ (no account needed; namespace "join")."""

app_name = "join"
urlpatterns: list = []
