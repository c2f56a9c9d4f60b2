from django.urls import path

from allies.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.goal_list, name="goals"),
    path("new/", views.goal_create, name="goal_create"),
    path("<int:pk>/", views.goal_detail, name="goal"),
    path("<int:pk>/edit/", views.goal_edit, name="goal_edit"),
]
