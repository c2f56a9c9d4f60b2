"""URLs of the activities' answers, worksheets downloads, saving into a library."""

from django.urls import path

from allies.workshop import activity_views, saving, worksheets

urlpatterns = [
    path("<str:code>/activities/<slug:key>/", activity_views.activity, name="activity"),
    path("<str:code>/worksheets/", worksheets.worksheets, name="worksheets"),
    path("<str:code>/worksheets.docx", worksheets.worksheets_docx, name="worksheets_docx"),
    path("<str:code>/save/", saving.save, name="save"),
]
