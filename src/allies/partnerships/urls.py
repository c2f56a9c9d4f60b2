from django.urls import path

from allies.partnerships import commitment_views, views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/move/", views.partnership_move, name="move"),
    path("<int:pk>/archive/", views.partnership_archive, name="archive"),
    path("<int:pk>/restore/", views.partnership_restore, name="restore"),
    path(
        "<int:partnership_id>/commitments/new/",
        commitment_views.commitment_new,
        name="commitment_new",
    ),
    path(
        "<int:partnership_id>/commitments/<int:commitment_id>/edit/",
        commitment_views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "<int:partnership_id>/commitments/<int:commitment_id>/kept/",
        commitment_views.commitment_kept,
        name="commitment_kept",
    ),
    path(
        "<int:partnership_id>/commitments/<int:commitment_id>/missed/",
        commitment_views.commitment_missed,
        name="commitment_missed",
    ),
]
