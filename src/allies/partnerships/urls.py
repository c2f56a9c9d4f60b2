from django.urls import path

from allies.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/move/", views.partnership_move, name="move"),
    path("<int:pk>/archive/", views.partnership_archive, name="archive"),
    path("<int:pk>/restore/", views.partnership_restore, name="restore"),
]
