"""Settings > API tokens: each member makes, lists and revokes their own personal access tokens;
an owner also sees and revokes every token of the library. A new token is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.api.models import ApiToken
from allies.api.token_forms import TokenForm
from allies.libraries.access import MEMBERS, library_view


def _visible(request):
    """My tokens; every token of the library for an owner."""
    tokens = ApiToken.objects.for_library(request.library).select_related("user", "revoked_by")
    if request.membership.is_owner:
        return tokens
    return tokens.filter(user=request.user)


@library_view(role=MEMBERS)
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = form.issue(library=request.library, user=request.user)
        response = render(
            request,
            "api/token_created.html",
            {
                "token": token,
                "secret": secret,
                "api_url": request.build_absolute_uri(
                    reverse("api_v1:openapi-json").removesuffix("openapi.json")
                ),
            },
        )
        response["Cache-Control"] = "no-store"  # shown once: never kept by a browser or proxy
        return response
    tokens = list(_visible(request).order_by("revoked_at", "-created_at", "-id"))
    today = timezone.localdate()
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "mine": [t for t in tokens if t.user_id == request.user.pk],
            "others": [t for t in tokens if t.user_id != request.user.pk],
            "today": today,
            "docs_url": reverse("api_v1:openapi-view"),
        },
        status=400 if form.errors else 200,
    )


@library_view(role=MEMBERS)
@require_POST
def token_revoke(request, token_id):
    mine_or_owner = Q(user=request.user) if not request.membership.is_owner else Q()
    token = get_object_or_404(
        ApiToken.objects.for_library(request.library).filter(mine_or_owner), pk=token_id
    )
    if token.revoke(by=request.user):
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
    return redirect(reverse("api:tokens", args=[request.library.slug]))


def not_found(request, rest=""):
    """Any other address under /api/: JSON, like the rest of the API."""
    return JsonResponse(
        {"detail": _("There is no such address in the API. See /api/v1/docs."), "errors": []},
        status=404,
    )
