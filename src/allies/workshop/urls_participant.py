"""URLs of joining and the participant's room page."""

urlpatterns: list = []
