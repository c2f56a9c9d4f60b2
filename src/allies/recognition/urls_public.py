"""The library's public partner page: no sign-in, only partners who agreed, only public fields."""

app_name = "public"
urlpatterns: list = []
