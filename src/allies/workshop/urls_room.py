"""URLs of the trainer's downloads of the room's boards and the feedback summary."""

from django.urls import path

from allies.workshop import room_views

urlpatterns = [
    path("<int:workshop_id>/boards.docx", room_views.boards_docx, name="boards_docx"),
    path("<int:workshop_id>/feedback/", room_views.feedback, name="feedback"),
    path("<int:workshop_id>/feedback.csv", room_views.feedback_csv, name="feedback_csv"),
]
