from django.urls import path  # noqa: F401

# The private calendar feeds: no login, a secret token in the address.
urlpatterns: list = []
