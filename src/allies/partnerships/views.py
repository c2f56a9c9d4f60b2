"""Partnerships: the partners list, each partnership's page, moving between stages, archiving."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.core.page_cache import member_page
from allies.directory.models import Organization
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.partnerships import panels
from allies.partnerships.forms import (
    MoveStageForm,
    NewPartnershipForm,
    PartnershipFilterForm,
    PartnershipForm,
)
from allies.partnerships.models import Partnership
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived
from allies.partnerships.timeline import timeline

PAGE_SIZE = 50
# Above this many organizations the new-partnership page asks for a search instead of a long select.
SELECT_LIMIT = 300


@library_view(role=MEMBERS)
@member_page
def partnership_list(request):
    form = PartnershipFilterForm(request.GET or None, library=request.library)
    queryset = form.filter(
        Partnership.objects.filter(library=request.library).select_related("organization", "lead"),
        request.user,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerships/partnership_list.html",
        {"form": form, "page_obj": page, "querystring_without_page": query.urlencode()},
    )


def _chosen_organization(request):
    """The organization picked with ?organization=<id> (this library's only), or None."""
    chosen = request.POST.get("organization") or request.GET.get("organization")
    if not chosen or not str(chosen).isdigit():
        return None
    return Organization.objects.filter(library=request.library, pk=chosen).first()


@library_view(role=STAFF)
def partnership_create(request):
    library = request.library
    organization = _chosen_organization(request)
    count = Organization.objects.filter(library=library).count()
    search, results = request.GET.get("q", "").strip(), []
    if organization is None and count > SELECT_LIMIT and request.method == "GET":
        if search:
            results = Organization.objects.filter(library=library).search(search)[:25]
        return render(
            request,
            "partnerships/partnership_choose.html",
            {"q": search, "results": results, "searched": bool(search)},
        )
    hidden = "hidden" if organization is not None or count > SELECT_LIMIT else None
    form = NewPartnershipForm(
        request.POST or None,
        library=library,
        organization_choices=hidden,
        initial={"organization": organization.pk if organization else None},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        partnership, created = form.find_or_start(by=request.user)
        if created:
            messages.success(
                request, _("Partnership with %(name)s started.") % {"name": partnership}
            )
            return redirect("partnerships:detail", library_slug=library.slug, pk=partnership.pk)
        # Started by someone else since the form was checked: say so and link to theirs.
        form.add_error(None, _("This organization already has a partnership with the library."))
        existing = partnership
    elif form.is_bound:
        existing = form.existing  # the form found one open already
    if existing is None and organization is not None and not form.is_bound:
        existing = Partnership.objects.current(library, organization)
    return render(
        request,
        "partnerships/partnership_form.html",
        {"form": form, "organization": organization, "existing": existing, "creating": True},
    )


def _detail(request, partnership, move_form=None, status=200):
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "move_form": move_form or MoveStageForm(partnership=partnership),
            "timeline": timeline(partnership),
            "panels": panels.panels(),
        },
        status=status,
    )


@library_view(role=MEMBERS)
@member_page
def partnership_detail(request, pk):
    return _detail(request, partnership_or_404(request, pk))


@library_view(role=STAFF)
def partnership_edit(request, pk):
    partnership = partnership_or_404(request, pk)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = PartnershipForm(request.POST or None, instance=partnership, library=request.library)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Partnership saved."))
        return redirect("partnerships:detail", library_slug=request.library.slug, pk=pk)
    return render(
        request,
        "partnerships/partnership_form.html",
        {"form": form, "partnership": partnership, "organization": partnership.organization},
    )


@library_view(role=STAFF)
@require_POST
def partnership_move(request, pk):
    partnership = partnership_or_404(request, pk)
    if refusal := refuse_if_archived(request, partnership):
        return refusal
    form = MoveStageForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _detail(request, partnership, move_form=form, status=400)
    change = form.move(by=request.user)
    messages.success(
        request,
        _("Moved to %(stage)s.") % {"stage": change.get_to_stage_display()},
    )
    return redirect("partnerships:detail", library_slug=request.library.slug, pk=pk)


@library_view(role=STAFF)
def partnership_archive(request, pk):
    partnership = partnership_or_404(request, pk)
    if partnership.is_archived:
        return redirect("partnerships:detail", library_slug=request.library.slug, pk=pk)
    if request.method == "POST":
        partnership.archive()
        messages.success(
            request,
            _("The partnership with %(name)s is archived. Its history is kept.")
            % {"name": partnership.organization},
        )
        return redirect("partnerships:list", library_slug=request.library.slug)
    return render(request, "partnerships/partnership_archive.html", {"partnership": partnership})


@library_view(role=STAFF)
@require_POST
def partnership_restore(request, pk):
    partnership = partnership_or_404(request, pk)
    if partnership.is_archived:
        try:
            with transaction.atomic():
                restored = partnership.restore()
        except IntegrityError:
            restored = False
        if restored:
            messages.success(request, _("The partnership is back on the lists."))
        else:
            messages.error(
                request,
                _("%(name)s already has a newer partnership, so this one stays archived.")
                % {"name": partnership.organization},
            )
    return redirect("partnerships:detail", library_slug=request.library.slug, pk=pk)
