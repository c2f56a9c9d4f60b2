"""Organization search: by name, mission, city and NTEE title; every word must match; fast paths."""

import pytest
from django.db import connection
from django.urls import reverse

from allies.directory import listing
from allies.directory.models import Organization


@pytest.fixture
def directory(library):
    make = Organization.objects.create
    return [
        make(library=library, name="Riverton Rotary Club", city="Riverton", ntee_code="S80"),
        make(
            library=library, name="Hilltop Food Shelf", city="Hilltop", mission="Feeding families"
        ),
        make(library=library, name="Green Mountain Youth Soccer", city="Riverton"),
        make(library=library, name="100% Local Co-op", city="Stowe"),
        make(library=library, name="Snake_Case Studios", city="Stowe"),
    ]


def found(client, library, q, **params):
    response = client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": q, **params}
    )
    assert response.status_code == 200
    return sorted(o.name for o in response.context["page_obj"].object_list)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("rotary", ["Riverton Rotary Club"]),
        ("ROTARY", ["Riverton Rotary Club"]),
        ("feeding", ["Hilltop Food Shelf"]),
        ("hilltop", ["Hilltop Food Shelf"]),
        ("riverton", ["Green Mountain Youth Soccer", "Riverton Rotary Club"]),
        ("riverton soccer", ["Green Mountain Youth Soccer"]),
        ("soccer hilltop", []),
        ("zebra", []),
        ("100%", ["100% Local Co-op"]),
        ("%", ["100% Local Co-op"]),
        ("_", ["Snake_Case Studios"]),
    ],
)
def test_search_hits_and_misses(staff_client, library, directory, q, expected):
    assert found(staff_client, library, q) == expected


def test_search_finds_the_ntee_title(staff_client, library, directory):
    rotary = directory[0]
    word = rotary.ntee_title.split()[0].lower()
    assert rotary.ntee_title, "S80 has a title in ntee.json"
    assert "Riverton Rotary Club" in found(staff_client, library, word)


def test_search_text_follows_edits(staff_client, library, directory):
    shelf = directory[1]
    shelf.name = "Hilltop Community Pantry"
    shelf.save()
    assert found(staff_client, library, "pantry") == ["Hilltop Community Pantry"]
    assert found(staff_client, library, "shelf") == []


def test_search_combines_with_filters(staff_client, library, directory):
    assert found(staff_client, library, "riverton", city="Riverton") == [
        "Green Mountain Youth Soccer",
        "Riverton Rotary Club",
    ]
    assert found(staff_client, library, "riverton", city="Stowe") == []


def test_search_stays_inside_the_library(staff_client, library, other_library, directory):
    Organization.objects.create(library=other_library, name="Elsewhere Rotary")
    assert found(staff_client, library, "rotary") == ["Riverton Rotary Club"]


def test_very_long_search_is_refused_kindly(staff_client, library, directory):
    response = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "x" * 5000}
    )
    assert response.status_code == 200


def test_broad_filtered_list_counts_only_so_far(library, db):
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:04}", search_text=f"org {n:04}")
        for n in range(130)
    )
    everything = Organization.objects.filter(library=library).order_by("name")
    capped = listing.page_of(everything.search("org"), 1, per_page=50, count_limit=20)
    assert capped.paginator.more
    assert capped.paginator.count == 70
    assert capped.has_next()
    exact = listing.page_of(everything, 1, per_page=50)
    assert not exact.paginator.more and exact.paginator.count == 130
    last = listing.page_of(everything.search("org"), 3, per_page=50, count_limit=20)
    assert not last.paginator.more and last.paginator.count == 130
    assert len(last.object_list) == 30 and not last.has_next()


def test_broad_search_says_more_than(staff_client, library, settings, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 10)
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:03}", search_text=f"org {n:03}")
        for n in range(100)
    )
    page = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "org", "sort": "name"}
    ).content.decode()
    assert "More than 60 organizations match" in page
    assert "page=2" in page
    # Ranked (no sort chosen), the rows were counted to rank them: the count is exact.
    ranked_page = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "org"}
    ).content.decode()
    assert "100 organizations match" in ranked_page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_search_text_has_a_trigram_index_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'directory_organization' "
            "AND indexname = 'org_search_text_trgm'"
        )
        row = cursor.fetchone()
    assert row is not None and "gin_trgm_ops" in row[0]


def test_search_finds_a_word_in_notes_needs_and_interests(staff_client, library, directory):
    shelter = Organization.objects.create(
        library=library, name="Lantern House", notes="Runs a warming shelter for homeless teens."
    )
    Organization.objects.create(library=library, name="Barre Choir", needs="Rehearsal space")
    Organization.objects.create(
        library=library, name="Garden Club", current_interests="Pollinators"
    )
    assert found(staff_client, library, "homeless") == [shelter.name]
    assert found(staff_client, library, "rehearsal") == ["Barre Choir"]
    assert found(staff_client, library, "pollinators") == ["Garden Club"]
    shelter.notes = "Moved to Maple Ford."
    shelter.save()
    assert found(staff_client, library, "homeless") == []


def ranked(client, library, q):
    response = client.get(reverse("directory:organizations", args=[library.slug]), {"q": q})
    return response, [o.name for o in response.context["page_obj"].object_list]


def test_a_word_in_notes_ranks_above_a_weaker_match_and_below_a_stronger(staff_client, library):
    make = Organization.objects.create
    make(library=library, name="Maple Ford Centre", ntee_code="P85")  # only the NTEE title
    make(library=library, name="Lantern House", notes="Runs a warming shelter for homeless teens.")
    make(library=library, name="Homeless Youth Coalition")  # in the name
    make(library=library, name="Garden Club", notes="Plants the beds.")
    assert "homeless" in Organization.objects.get(name="Maple Ford Centre").search_text
    response, names = ranked(staff_client, library, "homeless")
    assert names == ["Homeless Youth Coalition", "Lantern House", "Maple Ford Centre"]
    html = response.content.decode()
    assert "<mark>Homeless</mark> Youth Coalition" in html
    assert "Runs a warming shelter for <mark>homeless</mark> teens." in html
    # The sort the user chose still wins over the rank.
    by_name = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "homeless", "sort": "name"}
    )
    assert [o.name for o in by_name.context["page_obj"].object_list] == sorted(names)


def test_search_finds_the_people_there_and_their_roles(staff_client, library, other_library):
    from allies.directory.models import Affiliation, Person

    shelter = Organization.objects.create(library=library, name="Lantern House")
    dana = Person.objects.create(library=library, name="Dana Pike")
    Affiliation.objects.create(person=dana, organization=shelter, role="Outreach director")
    gone = Person.objects.create(library=library, name="Quentin Former")
    Affiliation.objects.create(
        person=gone, organization=shelter, role="Treasurer", ended_on="2024-01-01"
    )
    assert ranked(staff_client, library, "pike")[1] == ["Lantern House"]
    assert ranked(staff_client, library, "outreach")[1] == ["Lantern House"]
    assert ranked(staff_client, library, "quentin")[1] == []  # no longer there


def test_highlight_escapes_what_was_typed():
    from allies.directory.search import highlight

    assert highlight("<b>Tom & Jerry</b>", ["amp", "tom"]) == (
        "&lt;b&gt;<mark>Tom</mark> &amp; Jerry&lt;/b&gt;"
    )
    assert highlight("a <script>", ["<script>"]) == "a <mark>&lt;script&gt;</mark>"
    assert highlight("Plain", []) == "Plain"


def test_too_many_matches_are_sorted_by_name(staff_client, library, monkeypatch):
    from allies.directory import search

    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    make = Organization.objects.create
    make(library=library, name="Alder Club", notes="youth")
    make(library=library, name="Birch Club", notes="youth")
    make(library=library, name="Youth Club")
    response, names = ranked(staff_client, library, "youth")
    assert names == ["Alder Club", "Birch Club", "Youth Club"]
    assert "sorted by name" in response.content.decode()
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    assert ranked(staff_client, library, "youth")[1][0] == "Youth Club"


def test_a_count_already_made_is_not_asked_again(library, db, django_assert_num_queries):
    Organization.objects.bulk_create(
        Organization(library=library, name=f"Org {n:03}", search_text=f"org {n:03}")
        for n in range(60)
    )
    found = Organization.objects.filter(library=library).search("org").order_by("name")
    with django_assert_num_queries(1):
        page = listing.page_of(found, 1, per_page=50, count_limit=20, counted=(60, True))
    assert page.paginator.count == 60 and not page.paginator.more
    with django_assert_num_queries(1):
        page = listing.page_of(found, 1, per_page=50, count_limit=5, counted=(56, False))
    assert page.paginator.count == 55 and page.paginator.more


def test_a_name_filter_finds_any_phrase_where_a_word_starts(library):
    from allies.directory.search import name_phrases, named

    make = Organization.objects.create
    made = {
        name: make(library=library, name=name).pk
        for name in (
            "American Legion Post 12",
            "VFW Post 7779",
            "Hartford Homes",
            "Arts Council of Riverton",
            "North Country Federal Credit Union",
            "Credit Bureau of Union County",
            "École Française du Vermont",
            "4-H Club of Hilltop",
        )
    }
    every = Organization.objects.filter(library=library)

    def names(text):
        return sorted(name for name, pk in made.items() if pk in named(every, text))

    assert names("legion, VFW") == ["American Legion Post 12", "VFW Post 7779"]
    # At the start of a word, not inside one.
    assert names("art") == ["Arts Council of Riverton"]
    # A phrase keeps its words together (any spaces between them), in their order.
    assert names("credit   union") == ["North Country Federal Credit Union"]
    assert names("école") == ["École Française du Vermont"]  # on SQLite too
    assert names("4-h") == ["4-H Club of Hilltop"]
    assert names(" , ,") == [] and name_phrases(" , ,") == []
    assert name_phrases("Legion,  legion , VFW  Post") == ["legion", "vfw post"]


def test_a_name_filter_keeps_to_the_organizations_it_is_given(library, other_library):
    from allies.directory.search import named

    ours = Organization.objects.create(library=library, name="Riverton Legion")
    Organization.objects.create(library=other_library, name="Elsewhere Legion")
    assert named(Organization.objects.filter(library=library), "legion") == [ours.pk]


def test_words_of_names_are_kept_once_each_within_their_limits():
    from allies.directory.search import name_words, name_words_problem

    assert name_words(" Legion ,VFW  post, legion") == "legion, vfw post"
    assert name_words(" , ") == ""
    with pytest.raises(ValueError) as too_many:
        name_words(",".join("abcdefghijk"))
    assert name_words_problem(too_many.value) == (
        "Give at most 10 alternatives, separated by commas."
    )
    # 299 characters as typed, 308 once written with ", " between the ten phrases.
    with pytest.raises(ValueError) as too_long:
        name_words(",".join(f"{n}" * 29 for n in range(10)))
    assert name_words_problem(too_long.value) == "Keep the words to at most 300 characters."
