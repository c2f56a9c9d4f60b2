from django.urls import path

from allies.connections import help_views, import_views, path_views, views, worksheet_views

app_name = "connections"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("<int:connection_id>/edit/", views.edit, name="edit"),
    path("<int:connection_id>/remove/", views.remove, name="remove"),
    path("<int:connection_id>/share/", views.share, name="share"),
    path("share-all/", views.share_all, name="share_all"),
    path("people/search/", views.people_search, name="people_search"),
    path(
        "organizations/<int:organization_id>/worksheet/",
        worksheet_views.worksheet,
        name="worksheet",
    ),
    path(
        "organizations/<int:organization_id>/ties/",
        views.organization_ties,
        name="organization_ties",
    ),
    path("import/", import_views.import_contacts, name="import"),
    path("import/<int:contact_import_id>/", import_views.import_preview, name="import_preview"),
    path(
        "import/<int:contact_import_id>/report/", import_views.import_report, name="import_report"
    ),
    path("ask/", help_views.ask_colleague, name="ask_colleague"),
    path("requests/", help_views.help_requests, name="help_requests"),
    path(
        "requests/<int:help_request_id>/answer/",
        help_views.help_request_answer,
        name="help_request_answer",
    ),
    path(
        "organizations/<int:pk>/paths/",
        path_views.organization_paths,
        name="paths_organization",
    ),
    path("people/<int:pk>/paths/", path_views.person_paths, name="paths_person"),
]
