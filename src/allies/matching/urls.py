from django.urls import path

from allies.matching import landscape_views, views

app_name = "matching"
urlpatterns = [
    path("organizations/<int:organization_id>/questions/", views.questions, name="questions"),
    path("weights/", views.weights, name="weights"),
    path("landscape/", landscape_views.landscape_view, name="landscape"),
]
