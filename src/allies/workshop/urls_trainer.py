"""URLs of trainer pages: sessions, agenda, running the room, materials."""

urlpatterns: list = []
