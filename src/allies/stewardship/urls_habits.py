from django.urls import path

from allies.stewardship import habit_views, health_views, settings_views

# The habits (survey and evidence), partnership health, and the stewardship settings.
urlpatterns = [
    path("habits/", habit_views.habits, name="habits"),
    path("habits/survey/", habit_views.survey, name="survey"),
    path("attention/", health_views.attention, name="attention"),
    path("settings/", settings_views.stewardship_settings, name="settings"),
]
