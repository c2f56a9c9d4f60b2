"""Signing in, choosing a library, the library's settings and members."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_GET

from allies.libraries.access import library_view
from allies.libraries.models import Library


def home(request):
    """Send a signed-in person to the library they used last (or their first one)."""
    if not request.user.is_authenticated:
        return redirect("login")
    libraries = Library.objects.for_user(request.user)
    last = request.session.get("library_slug")
    library = libraries.filter(slug=last).first() if last else None
    library = library or libraries.first()
    if library is None:
        return render(request, "libraries/no_library.html")
    return redirect("today", library_slug=library.slug)


@login_required
@require_GET
def switch_library(request):
    library = Library.objects.for_user(request.user).filter(slug=request.GET.get("library")).first()
    if library is None:
        raise Http404("No such library")
    return redirect("today", library_slug=library.slug)


@library_view
def settings_page(request):
    return render(request, "libraries/settings.html")


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # Rendered without the request: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
