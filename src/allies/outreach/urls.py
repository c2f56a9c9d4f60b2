from django.urls import include, path

from allies.outreach import views

app_name = "outreach"
urlpatterns = [
    path("pitch-template/", views.pitch_template, name="pitch_template"),
    path("pitch-template/edit/", views.pitch_template_edit, name="pitch_template_edit"),
    path("partnerships/<int:partnership_id>/pitch/", views.pitch_edit, name="pitch"),
    path(
        "partnerships/<int:partnership_id>/pitch/preview/",
        views.pitch_preview,
        name="pitch_preview",
    ),
    path(
        "partnerships/<int:partnership_id>/pitch/versions/",
        views.pitch_versions,
        name="pitch_versions",
    ),
    path(
        "partnerships/<int:partnership_id>/pitch/versions/<int:pk>/",
        views.pitch_version,
        name="pitch_version",
    ),
    path(
        "partnerships/<int:partnership_id>/pitch/versions/<int:pk>/restore/",
        views.pitch_restore,
        name="pitch_restore",
    ),
    path(
        "partnerships/<int:partnership_id>/pitch/versions/<int:pk>/print/",
        views.pitch_print,
        name="pitch_print",
    ),
    # Each part of outreach keeps its own routes (same "outreach" namespace).
    path("", include("allies.outreach.urls_introductions")),
    path("", include("allies.outreach.urls_plan")),
    path("", include("allies.outreach.urls_pilots")),
    path("", include("allies.outreach.urls_lessons")),
]
