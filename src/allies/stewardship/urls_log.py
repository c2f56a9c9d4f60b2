from django.urls import path

from allies.stewardship import event_views, log_views

# The contact log and the library's own events (inside the "stewardship" namespace).
urlpatterns: list = [
    path("log/", log_views.contact_log, name="log"),
    path("contacts/", log_views.contact_list, name="contacts"),
    path("contacts/<int:contact_id>/edit/", log_views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/remove/", log_views.contact_remove, name="contact_remove"),
    path("library-events/", event_views.library_event_list, name="library_events"),
    path("library-events/new/", event_views.library_event_new, name="library_event_new"),
    path(
        "library-events/<int:library_event_id>/edit/",
        event_views.library_event_edit,
        name="library_event_edit",
    ),
]
