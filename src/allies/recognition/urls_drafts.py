"""URLs of recognition drafts for a partnership, under /l/<slug>/reports/ (namespace "recognition")."""

from django.urls import path

from allies.recognition import drafts_views as views

urlpatterns = [
    path("recognition/", views.recognitions, name="recognitions"),
    path("recognition/public-page/", views.public_page_settings, name="public_page_settings"),
    path(
        "recognition/partners/<int:partnership_id>/new/",
        views.recognition_new,
        name="recognition_new",
    ),
    path("recognition/partners/<int:partnership_id>/consent/", views.consent, name="consent"),
    path("recognition/<int:recognition_id>/", views.recognition_detail, name="recognition_detail"),
    path(
        "recognition/<int:recognition_id>/publish/",
        views.recognition_publish,
        name="recognition_publish",
    ),
    path(
        "recognition/<int:recognition_id>/certificate/",
        views.recognition_certificate,
        name="recognition_certificate",
    ),
    path(
        "recognition/<int:recognition_id>/certificate.docx",
        views.recognition_certificate_docx,
        name="recognition_certificate_docx",
    ),
]
