from django.urls import path

from allies.outreach import event_views, pilot_views

urlpatterns = [
    path(
        "partnerships/<int:partnership_id>/pilots/new/",
        pilot_views.pilot_new,
        name="pilot_new",
    ),
    path("pilots/<int:pilot_id>/", pilot_views.pilot_detail, name="pilot"),
    path("pilots/<int:pilot_id>/edit/", pilot_views.pilot_edit, name="pilot_edit"),
    path("pilots/<int:pilot_id>/review/", pilot_views.pilot_review, name="pilot_review"),
    path("pilots/<int:pilot_id>/close/", pilot_views.pilot_close, name="pilot_close"),
    path("events/", event_views.event_list, name="events"),
    path("events/new/", event_views.event_new, name="event_new"),
    path("events/<int:event_id>/", event_views.event_detail, name="event"),
    path("events/<int:event_id>/edit/", event_views.event_edit, name="event_edit"),
    path("events/<int:event_id>/offers/new/", event_views.offer_new, name="offer_new"),
    path(
        "events/<int:event_id>/offers/<int:offer_id>/accept/",
        event_views.offer_accept,
        name="offer_accept",
    ),
    path(
        "events/<int:event_id>/offers/<int:offer_id>/answer/",
        event_views.offer_answer,
        name="offer_answer",
    ),
]
