"""What the directory lists need to stay fast at 100,000 organizations: a page that skips the
COUNT(*) when it can, and the list of cities, cached until an organization changes."""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from allies.directory.models import Organization

PER_PAGE = 50
COUNT_LIMIT = 1000


class KnownCountPaginator(Paginator):
    """A Paginator told its count instead of asking the database for it. `more` is True when the
    count is a lower bound ("more than 1,050 match"), so there is always a next page to open."""

    def __init__(self, object_list, per_page, count: int, more: bool = False):
        super().__init__(object_list, per_page)
        self._known_count = count
        self.more = more

    @cached_property
    def count(self) -> int:
        return self._known_count


def _page_number(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def page_of(
    queryset,
    number,
    per_page: int = PER_PAGE,
    count_limit: int | None = None,
    counted: tuple[int, bool] | None = None,
) -> Page:
    """One page of `queryset`, with as little counting as the page allows.

    A page shorter than `per_page` is the end of the result, so the count is known without any
    COUNT(*). Otherwise the count is exact, or with `count_limit` counted only up to that many
    rows past this page: a broad search over 100,000 organizations then stops scanning early, and
    the page says "more than ..." instead. A page number past the end shows the last page.
    `counted` is what the caller counted already: (count, True), or (a lower bound, False); no
    count is asked again when it answers the question.
    """
    number = min(_page_number(number), 10**6)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page])
    if not rows and number > 1:
        last = max(1, -(-queryset.count() // per_page))
        return page_of(queryset, last, per_page, count_limit, counted)
    known, exact = counted if counted is not None else (None, False)
    if len(rows) < per_page:
        count, more = offset + len(rows), False
    elif known is not None and exact:
        count, more = known, False
    elif known is not None and count_limit is not None and known > offset + per_page + count_limit:
        count, more = offset + per_page + count_limit, True
    elif count_limit is None:
        count, more = queryset.count(), False
    else:
        limit = offset + per_page + count_limit
        count = queryset.order_by()[: limit + 1].count()  # any order: let the database choose
        more = count > limit
        count = min(count, limit)
    return Page(rows, number, KnownCountPaginator(queryset, per_page, count, more))


def cities(library) -> list[str]:
    """The library's distinct cities, sorted. Cached, keyed by the latest change to any of its
    organizations, so the cache rebuilds itself whenever an organization is added or edited."""
    organizations = Organization.objects.filter(library=library)
    latest = organizations.order_by("-updated_at").values_list("updated_at", flat=True).first()
    key = f"directory:cities:{library.pk}:{latest.timestamp() if latest else 0}"
    found = cache.get(key)
    if found is None:
        found = list(
            organizations.exclude(city="")
            .order_by("city")
            .values_list("city", flat=True)
            .distinct()
        )
        cache.set(key, found, 3600)
    return found


def label_choices(organizations, *, sector, stage) -> None:
    """Set `sector_label` on each row and `stage_label` on its open partnerships, translating
    each choice once per page instead of once per row (get_FOO_display rebuilds its dict)."""
    sectors = {key: str(label) for key, label in sector}
    stages = {key: str(label) for key, label in stage}
    for organization in organizations:
        organization.sector_label = sectors.get(organization.sector, organization.sector)
        for partnership in getattr(organization, "open_partnerships", []):
            partnership.stage_label = stages.get(partnership.stage, partnership.stage)


ADDRESS_MARK = 987654321


def add_addresses(organizations, library_slug: str) -> None:
    """Set `address` (the organization's page) and `pk_text` on each row: the address is reversed
    once for the page, not once a row, and an id written as text is not localized on every use
    in the template (a number is: about 8 microseconds each, three times a row)."""
    head, tail = reverse("directory:organization", args=[library_slug, ADDRESS_MARK]).split(
        str(ADDRESS_MARK)
    )
    for organization in organizations:
        organization.pk_text = str(organization.pk)
        organization.address = f"{head}{organization.pk_text}{tail}"
