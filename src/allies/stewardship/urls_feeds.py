from django.urls import path

from allies.stewardship import feed_views

# The private calendar feeds: no login, a secret token in the address.
urlpatterns: list = [
    path("<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
]
