from django.urls import path

from allies.outreach import introduction_views as views

urlpatterns = [
    path("introductions/", views.introduction_list, name="introductions"),
    path(
        "partnerships/<int:partnership_id>/introductions/new/",
        views.introduction_new,
        name="introduction_new",
    ),
    path("introductions/<int:introduction_id>/", views.introduction_detail, name="introduction"),
    path(
        "introductions/<int:introduction_id>/step/",
        views.introduction_step,
        name="introduction_step",
    ),
]
