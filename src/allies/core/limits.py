"""Limits on what the address of a request carries, so an overlong one gets the normal page.

A search typed or pasted into the address can be thousands of characters long. `allies serve` lets
gunicorn read request lines of up to 8,190 characters (its largest; the default 4,094 answered a
5,000-character search with gunicorn's bare "URI Too Long"), and this middleware cuts every search
value (`q`, `q_…`) to SEARCH_MAX characters before any view reads it, as the search boxes do
(`maxlength`). Nothing longer than that is ever a useful search. The JSON API is left alone: it
answers an overlong search with a 400 that says so, as its OpenAPI description promises.
"""

SEARCH_MAX = 200


def is_search(name: str) -> bool:
    return name == "q" or name.startswith("q_")


class CapSearchMiddleware:
    """Cut overlong search values of the query string to SEARCH_MAX characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        overlong = any(
            is_search(name) and any(len(value) > SEARCH_MAX for value in values)
            for name, values in request.GET.lists()
        )
        if overlong:
            capped = request.GET.copy()
            for name, values in request.GET.lists():
                if is_search(name):
                    capped.setlist(name, [value[:SEARCH_MAX] for value in values])
            capped._mutable = False
            request.GET = capped
            request.META["QUERY_STRING"] = capped.urlencode()  # links back (next=) carry it cut
        return self.get_response(request)
