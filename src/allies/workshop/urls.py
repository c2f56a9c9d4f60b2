"""Trainer pages, under /l/<slug>/workshop/ (namespace "workshop")."""

from allies.workshop import urls_room, urls_trainer

app_name = "workshop"
urlpatterns = [*urls_trainer.urlpatterns, *urls_room.urlpatterns]
