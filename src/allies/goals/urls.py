from django.urls import path

from allies.goals import views

app_name = "goals"

# Advocacy goals: /l/<slug>/goals/...
urlpatterns = [
    path("", views.goal_list, name="goals"),
    path("new/", views.goal_create, name="goal_create"),
    path("<int:pk>/", views.goal_detail, name="goal"),
    path("<int:pk>/edit/", views.goal_edit, name="goal_edit"),
]
