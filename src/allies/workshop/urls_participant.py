"""URLs of joining and the participant's room page."""

from django.urls import path

from allies.workshop import participant_views as views

urlpatterns = [
    path("", views.enter, name="enter"),
    path("<str:code>/", views.room, name="room"),
    path("<str:code>/join/", views.join, name="join"),
    path("<str:code>/now/", views.now, name="now"),
    path("<str:code>/open/<str:key>/", views.open_elsewhere, name="open"),
]
