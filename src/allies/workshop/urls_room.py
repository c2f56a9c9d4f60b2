"""URLs of the trainer's downloads of the room's boards and the feedback summary."""

urlpatterns: list = []
