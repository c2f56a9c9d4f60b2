from django.urls import path

from allies.libraries import views

app_name = "libraries"
urlpatterns = [
    path("", views.settings_page, name="settings"),
]
