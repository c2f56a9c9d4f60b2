from django.urls import path

from allies.connections import views

app_name = "connections"
urlpatterns = [
    path("", views.index, name="index"),
]
