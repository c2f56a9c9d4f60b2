"""The header's search box: one set of words, the library's organizations, people and
partnerships that match, grouped by kind. Each kind is searched as its own list searches it
(organizations ranked, see directory/search.py), always inside the current library."""

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render

from allies.directory.models import Organization, Person
from allies.directory.search import search_words
from allies.libraries.access import MEMBERS, library_view
from allies.partnerships.models import Partnership

PER_KIND = 10
MAX_LENGTH = 200


@library_view(role=MEMBERS)
def search(request):
    text = request.GET.get("q", "").strip()[:MAX_LENGTH]
    library = request.library
    words = search_words(text)
    groups = {}
    if words:
        organizations = Organization.objects.filter(library=library).ranked_search(text, library)
        people = Person.objects.filter(library=library).search(" ".join(words)).order_by("name")
        partnerships = (
            Partnership.objects.filter(
                library=library,
                organization__in=Organization.objects.filter(library=library)
                .search(text, library)
                .values("pk"),
            )
            .select_related("organization")
            .annotate(
                ended=Case(
                    When(archived_at__isnull=True, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("ended", "organization__name", "id")
        )
        groups = {
            "organizations": _first(organizations),
            "people": _first(people),
            "partnerships": _first(partnerships),
        }
    return render(
        request,
        "today/search.html",
        {
            "q": text,
            "words": words,
            "groups": groups,
            "found": any(rows for rows, _more in groups.values()),
        },
    )


def _first(queryset) -> tuple[list, bool]:
    """The first PER_KIND rows, and whether there are more."""
    rows = list(queryset[: PER_KIND + 1])
    return rows[:PER_KIND], len(rows) > PER_KIND
