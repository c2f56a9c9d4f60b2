"""`/favicon.ico`: browsers ask for it on every page; answer with Allies' icon, not a 404."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent.parent / "static" / "allies" / "favicon.ico"


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    return HttpResponse(ICON.read_bytes(), content_type="image/x-icon")
