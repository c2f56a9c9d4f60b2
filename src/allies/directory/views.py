"""Organizations and people: lists with search and filters, record pages, edit forms."""

from django.shortcuts import redirect, render

from allies.libraries.access import library_view


@library_view
def index(request):
    return redirect("directory:organizations", library_slug=request.library.slug)


@library_view
def organization_list(request):
    return render(request, "directory/organization_list.html")
