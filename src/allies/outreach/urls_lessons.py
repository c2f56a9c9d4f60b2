from django.urls import path

from allies.outreach import lesson_views

urlpatterns = [
    path("lessons/", lesson_views.lessons, name="lessons"),
]
