"""Advocacy goals: list, page, edit."""

from django.shortcuts import render

from allies.libraries.access import library_view


@library_view
def goal_list(request):
    return render(request, "planning/goal_list.html")
