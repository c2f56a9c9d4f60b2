"""Headers on every answer: Permissions-Policy, and no caching of what a signed-in person sees.

Pages and downloads for a signed-in member (or an API token) carry `Cache-Control: private,
no-store`, so that neither a shared proxy nor the browser's disk keeps a copy of partners' contact
details after the person signs out; so do downloads (attachments) for anyone. An answer that set
its own Cache-Control (the calendar feed, static files) keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control

NO_STORE = "private, no-store"


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers and (
            _signed_in(request)
            or response.headers.get("Content-Disposition", "").startswith("attachment")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
