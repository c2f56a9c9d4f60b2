"""URLs of trainer pages: sessions, agenda, running the room, materials."""

from django.urls import path

from allies.workshop import trainer_views as views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:workshop_id>/", views.detail, name="detail"),
    path("<int:workshop_id>/edit/", views.edit, name="edit"),
    path("<int:workshop_id>/live/", views.live, name="live"),
    path("<int:workshop_id>/present/", views.present, name="present"),
    path("<int:workshop_id>/move/", views.move, name="move"),
    path("<int:workshop_id>/groups/", views.split_groups, name="split_groups"),
    path("material/", views.materials, name="materials"),
    path("material/new/", views.material_new, name="material_new"),
    path("material/<int:material_id>/", views.material_edit, name="material_edit"),
    path("material/<int:material_id>/delete/", views.material_delete, name="material_delete"),
]
