from django.urls import path

from allies.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.goal_list, name="goals"),
]
