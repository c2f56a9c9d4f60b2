from django.urls import path

from allies.directory import dedupe_views, import_views, views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("imports/", import_views.import_upload, name="import"),
    path("imports/<int:batch_id>/", import_views.import_report, name="import_report"),
    path("imports/<int:batch_id>/columns/", import_views.import_columns, name="import_columns"),
    path("imports/<int:batch_id>/preview/", import_views.import_preview, name="import_preview"),
    path("imports/<int:batch_id>/run/", import_views.import_run, name="import_run"),
    path("imports/<int:batch_id>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:batch_id>/cancel/", import_views.import_cancel, name="import_cancel"),
    path(
        "imports/<int:batch_id>/rows-to-fix/", import_views.import_bad_rows, name="import_bad_rows"
    ),
    path("export/", import_views.export, name="export"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/tag/", views.organizations_tag, name="organizations_tag"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/irs/", views.organization_irs, name="organization_irs"),
    path(
        "organizations/<int:pk>/suggestions/<str:decision>/",
        views.organization_suggestion,
        name="organization_suggestion",
    ),
    path("duplicates/", dedupe_views.duplicate_list, name="duplicates"),
    path("duplicates/distinct/", dedupe_views.not_duplicates, name="not_duplicates"),
    path(
        "organizations/<int:pk>/merge/<int:other_organization_pk>/",
        dedupe_views.organization_merge,
        name="organization_merge",
    ),
    path(
        "people/<int:pk>/merge/<int:other_person_pk>/",
        dedupe_views.person_merge,
        name="person_merge",
    ),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<int:person_pk>/affiliations/new/",
        views.affiliation_create,
        name="affiliation_create",
    ),
    path("affiliations/<int:pk>/left/", views.affiliation_end, name="affiliation_end"),
    path("vocabularies/", views.vocabulary_list, name="vocabularies"),
    path("audiences/new/", views.vocabulary_create, {"kind": "audiences"}, name="audience_create"),
    path(
        "audiences/<int:pk>/rename/",
        views.vocabulary_rename,
        {"kind": "audiences"},
        name="audience_rename",
    ),
    path("resources/new/", views.vocabulary_create, {"kind": "resources"}, name="resource_create"),
    path(
        "resources/<int:pk>/rename/",
        views.vocabulary_rename,
        {"kind": "resources"},
        name="resource_rename",
    ),
]
