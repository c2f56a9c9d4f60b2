"""A URLconf with a view that fails, to prove the error page shows no exception text."""

from django.urls import path

from allies.urls import handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("secret internal detail: table allies_xyz is locked")


urlpatterns = [*urlpatterns, path("boom/", boom)]
