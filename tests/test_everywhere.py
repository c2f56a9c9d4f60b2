"""What every page shares: an icon, a quiet log for refusals, and overlong searches cut short."""

import io
import logging

from django.urls import reverse

from allies.core.limits import SEARCH_MAX


def test_the_favicon_is_served_on_its_usual_address(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO holding one image
    assert b"\x89PNG" in body
    assert "max-age" in response["Cache-Control"]


def test_every_page_names_the_icon(staff_client):
    page = staff_client.get("/l/riverton/").content.decode()
    assert 'rel="icon"' in page and "favicon.ico" in page


def _console_handler():
    for handler in logging.getLogger().handlers:
        if any(type(f).__name__ == "OneLineForbidden" for f in handler.filters):
            return handler
    raise AssertionError("the console handler of settings.LOGGING is not installed")


def test_a_403_writes_one_line_to_the_server_log(volunteer_client, library):
    handler = _console_handler()
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        url = reverse("libraries:settings_edit", args=[library.slug])
        response = volunteer_client.post(url, {"name": "Taken over"})
    finally:
        handler.setStream(previous)
    assert response.status_code == 403
    written = stream.getvalue().strip().splitlines()
    assert written == [f"Forbidden (Permission denied): {url}"], written


def test_a_500_still_writes_its_traceback(settings, db):
    from allies.core.logfilters import OneLineForbidden

    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    record.status_code = 500
    try:
        raise RuntimeError("kept")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert OneLineForbidden().filter(record)
    assert record.exc_info is not None


def test_a_5000_character_search_answers_the_normal_page(staff_client):
    long = "library" * 715  # 5,005 characters
    for url in [
        "/l/riverton/directory/organizations/",
        "/l/riverton/directory/people/",
        "/l/riverton/partners/new/",
        "/l/riverton/connections/",
    ]:
        response = staff_client.get(url, {"q": long})
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Allies" in page and 'class="site-nav"' in page, url
        assert long not in page and long[:SEARCH_MAX] in page, url


def test_allies_serve_lets_a_long_address_through_to_allies():
    from allies.management.commands.serve import gunicorn_argv

    argv = gunicorn_argv("127.0.0.1:8000", 1)
    assert argv[argv.index("--limit-request-line") + 1] == "8190"


def test_the_api_keeps_its_own_rule_for_long_searches(rf):
    """The pages cut an overlong search; the JSON API refuses it with a 400 (its OpenAPI
    description gives `q` a maximum length), so the cut leaves it alone."""
    from django.http import HttpResponse

    from allies.core.limits import SEARCH_MAX, CapSearchMiddleware

    seen = {}

    def view(request):
        seen["q"] = request.GET["q"]
        return HttpResponse()

    CapSearchMiddleware(view)(rf.get("/api/v1/organizations", {"q": "x" * 500}))
    assert len(seen["q"]) == 500
    CapSearchMiddleware(view)(rf.get("/l/riverton/directory/", {"q": "x" * 500}))
    assert len(seen["q"]) == SEARCH_MAX
