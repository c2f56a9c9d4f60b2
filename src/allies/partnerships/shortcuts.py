"""Shortcuts for the views of every app that work on one partnership."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from allies.partnerships.models import Partnership


def refuse_if_archived(request, partnership):
    """A redirect to the partnership's page with a message when it is archived, else None.

    Every change to an archived partnership (its plan, pilots, promises, introductions) is refused
    the same way: restore it first.
    """
    if partnership.is_archived:
        messages.error(request, _("This partnership is archived. Restore it to change it."))
        return redirect("partnerships:detail", library_slug=request.library.slug, pk=partnership.pk)
    return None


def partnership_or_404(request, pk):
    """The library's partnership with this id (archived ones too), or 404 for any other id.

    Its organization, lead and library come in the same query: every page about a partnership
    shows them.
    """
    return get_object_or_404(
        Partnership.objects.select_related("organization", "lead", "library"),
        library=request.library,
        pk=pk,
    )
