from django.urls import path

from allies.matching import views

app_name = "matching"
urlpatterns = [
    path("organizations/<int:organization_id>/questions/", views.questions, name="questions"),
    path("weights/", views.weights, name="weights"),
]
