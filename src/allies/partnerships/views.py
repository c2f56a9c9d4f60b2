"""Partnerships: the board by stage, each partnership's page, moving between stages."""

from django.shortcuts import render

from allies.libraries.access import library_view


@library_view
def today(request):
    return render(request, "partnerships/today.html")


@library_view
def partnership_list(request):
    return render(request, "partnerships/partnership_list.html")
