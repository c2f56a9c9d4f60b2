"""Participant pages, under /w/ (no account needed; namespace "join")."""

from allies.workshop import urls_activities, urls_participant

app_name = "join"
urlpatterns = [*urls_participant.urlpatterns, *urls_activities.urlpatterns]
