"""Cursor pages: whatever the page size and the order, walking the pages gives every row once, in
the list's order (rows with the same name or city are told apart by their id)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allies.api.errors import ApiError
from allies.api.pagination import keyset_page, list_page
from allies.directory.models import Organization

ORDERS = [("name", "id"), ("city", "name", "id"), ("-updated_at", "-id"), ("-name", "id")]


@pytest.fixture
def directory(library):
    names = ["Oak", "Ash", "Oak", "Elm", "Ash", "Birch", "Oak", "Cedar", "Elm", "Ash"]
    cities = [
        "Barre",
        "Stowe",
        "Barre",
        "Barre",
        "Stowe",
        "Essex",
        "Essex",
        "Stowe",
        "Barre",
        "Essex",
    ]
    for name, city in zip(names, cities, strict=True):
        Organization.objects.create(library=library, name=name, city=city)
    return Organization.objects.filter(library=library)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(limit=st.integers(min_value=1, max_value=12), order=st.sampled_from(ORDERS))
def test_walking_the_pages_gives_every_row_once_in_order(directory, limit, order):
    queryset = directory.order_by(*order)
    seen, cursor, pages = [], None, 0
    while True:
        rows, cursor = keyset_page(queryset, cursor=cursor, limit=limit)
        assert len(rows) <= limit
        seen += [row.pk for row in rows]
        pages += 1
        if cursor is None:
            break
    assert seen == list(queryset.values_list("pk", flat=True))
    assert pages == max(1, -(-len(seen) // limit))  # no empty last page


def test_a_list_must_be_ordered_by_its_id_last(directory):
    with pytest.raises(ValueError):
        keyset_page(directory.order_by("name"), cursor=None, limit=5)


@given(size=st.integers(min_value=0, max_value=30), limit=st.integers(min_value=1, max_value=8))
def test_offset_pages_of_a_computed_list(size, limit):
    items, seen, cursor = list(range(size)), [], None
    while True:
        page, cursor = list_page(items, cursor=cursor, limit=limit, kind="test")
        seen += page
        if cursor is None:
            break
    assert seen == items


def test_an_offset_cursor_belongs_to_its_list():
    _page, cursor = list_page(list(range(10)), cursor=None, limit=3, kind="reminders")
    with pytest.raises(ApiError) as refused:
        list_page(list(range(10)), cursor=cursor, limit=3, kind="ranking")
    assert refused.value.status == 400
