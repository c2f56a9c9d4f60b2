from django.urls import path

from allies.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("organizations/", views.organization_list, name="organizations"),
]
