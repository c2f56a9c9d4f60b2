from django.urls import include, path

app_name = "stewardship"
urlpatterns = [
    # Each part of stewardship keeps its own routes (same "stewardship" namespace).
    path("", include("allies.stewardship.urls_log")),
    path("", include("allies.stewardship.urls_reminders")),
    path("", include("allies.stewardship.urls_habits")),
]
