from django.urls import path

from allies.stewardship import feed_views, reminder_views

# Reminders and each member's private calendar address (inside the "stewardship" namespace).
urlpatterns: list = [
    path("reminders/", reminder_views.reminder_list, name="reminders"),
    path("reminders/done/", reminder_views.reminder_done, name="reminder_done"),
    path(
        "reminders/done/<int:reminder_decision_id>/",
        reminder_views.reminder_undo,
        name="reminder_undo",
    ),
    path("reminders/snooze/", reminder_views.reminder_snooze, name="reminder_snooze"),
    path("reminders/dismiss/", reminder_views.reminder_dismiss, name="reminder_dismiss"),
    path("calendar/", feed_views.calendar_settings, name="calendar"),
    path("calendar/new/", feed_views.calendar_new, name="calendar_new"),
    path("calendar/off/", feed_views.calendar_off, name="calendar_off"),
]
