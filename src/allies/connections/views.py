"""Connections: my ties, the worksheet for a target, introduction paths and their drawings."""

from django.shortcuts import render

from allies.libraries.access import library_view


@library_view
def index(request):
    return render(request, "connections/index.html")
