"""The directory's full-text index (FTS5 on SQLite, a weighted tsvector on PostgreSQL): what it finds,
how it ranks, that it follows every way an organization is written, and that no typed character
breaks it. Run on both databases (DATABASE_URL=postgres://... for PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse

from allies.directory import fulltext, merging
from allies.directory.importing import plan_table, read_table, run_import
from allies.directory.models import Organization


def ranked(client, library, q):
    response = client.get(reverse("directory:organizations", args=[library.slug]), {"q": q})
    assert response.status_code == 200
    return [o.name for o in response.context["page_obj"].object_list]


def names(library, q):
    return sorted(o.name for o in Organization.objects.filter(library=library).search(q, library))


@pytest.fixture
def shelter(library):
    return Organization.objects.create(
        library=library, name="Lantern House", notes="Runs a warming shelter for homeless teens."
    )


def test_a_word_of_the_notes_is_found_and_marked(staff_client, library, shelter):
    response = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "homeless"}
    )
    assert [o.name for o in response.context["page_obj"].object_list] == ["Lantern House"]
    assert "Runs a warming shelter for <mark>homeless</mark> teens." in response.content.decode()


@pytest.mark.parametrize("q", ["home", "HOMEL", "warm shelt", "homeless teens"])
def test_a_beginning_of_a_word_is_enough(library, shelter, q):
    assert names(library, q) == ["Lantern House"]


def test_the_middle_of_a_word_is_not_a_match_and_every_word_must_be_found(library, shelter):
    assert names(library, "meless") == []
    assert names(library, "homeless zebra") == []


def test_the_beginning_of_a_word_is_marked(staff_client, library, shelter):
    page = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "home"}
    ).content.decode()
    assert "for <mark>home</mark>less teens" in page


def test_the_name_ranks_above_the_mission_above_the_notes_above_the_ntee_title(
    staff_client, library
):
    make = Organization.objects.create
    make(library=library, name="Alder Centre", ntee_code="P85")  # "Homeless" only in the title
    make(library=library, name="Birch House", notes="Homeless teens sleep here.")
    make(library=library, name="Cedar Fund", mission="Housing for homeless families.")
    make(library=library, name="Homeless Coalition of the North")
    assert ranked(staff_client, library, "homeless") == [
        "Homeless Coalition of the North",
        "Cedar Fund",
        "Birch House",
        "Alder Centre",
    ]


def test_a_row_found_by_its_irs_category_says_so(staff_client, library):
    Organization.objects.create(library=library, name="Alder Centre", ntee_code="L41")
    Organization.objects.create(library=library, name="Birch Fund", ntee_code="B20")
    page = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "homeless"}
    ).content.decode()
    assert "Alder Centre" in page and "Birch Fund" not in page
    assert "IRS category:</span> L41: <mark>Homeless</mark> Shelters" in page


def test_more_of_the_words_rank_higher(staff_client, library):
    make = Organization.objects.create
    make(library=library, name="Youth Soccer", notes="Teens, Saturdays.", city="Barre")
    make(library=library, name="Youth Soccer League", city="Barre", mission="Soccer for youth.")
    assert ranked(staff_client, library, "youth soccer")[0] == "Youth Soccer League"


def test_the_index_follows_an_edit_a_delete_and_an_update_query(library, shelter):
    shelter.notes = "Moved to Maple Ford."
    shelter.save()
    assert names(library, "homeless") == []
    assert names(library, "maple") == ["Lantern House"]
    Organization.objects.filter(pk=shelter.pk).update(mission="Beds for runaway youth")
    assert names(library, "runaway") == ["Lantern House"]
    Organization.objects.filter(pk=shelter.pk).update(name="Lamp House")
    assert names(library, "lamp") == ["Lamp House"]
    shelter.delete()
    assert names(library, "runaway") == []


def test_the_index_follows_an_import(library):
    sheet = "Organization,City,Notes\nLantern House,Riverton,Warming shelter for homeless teens\n"
    run_import(sheet.encode(), library, "organizations", filename="partners.csv")
    assert names(library, "homeless") == ["Lantern House"]
    # Re-imported, the file's value taking the place of the notes staff had (a bulk update).
    changed = sheet.replace("homeless teens", "runaway youth")
    plan = plan_table(
        read_table(changed.encode(), "partners.csv"),
        library,
        "organizations",
        filename="partners.csv",
    )
    plan.choose(take_all=True)
    plan.apply()
    assert names(library, "runaway") == ["Lantern House"]
    assert names(library, "homeless") == []


def test_the_index_follows_a_merge(library, owner):
    kept = Organization.objects.create(library=library, name="Lantern House Youth Shelter")
    other = Organization.objects.create(
        library=library, name="Lantern Shelter", notes="Warming shelter for homeless teens."
    )
    merging.merge(kept, other, user=owner)
    assert names(library, "homeless") == ["Lantern House Youth Shelter"]
    assert names(library, "lantern") == ["Lantern House Youth Shelter"]


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        '"homeless',
        "homeless\"'",
        "*",
        "home*",
        ":",
        "home:*",
        "&",
        "home & teens",
        "|",
        "!home",
        "-",
        "-homeless",
        "co-op",
        "(",
        ")",
        "NEAR(home",
        "AND",
        "or not",
        "<->",
        "\\",
        "^",
        "+",
        "{",
        "%_",
        "é",
        "ÉCOLE",
        "🙂",
        "日本語",
        "x" * 300,
    ],
)
def test_no_typed_character_is_an_error(staff_client, library, shelter, q):
    response = staff_client.get(reverse("directory:organizations", args=[library.slug]), {"q": q})
    assert response.status_code == 200
    assert staff_client.get(reverse("search", args=[library.slug]), {"q": q}).status_code == 200
    assert isinstance(names(library, q), list)


def test_quotes_and_operators_are_plain_characters(library, shelter):
    assert names(library, '"homeless"') == ["Lantern House"]  # the quotes are dropped
    assert names(library, "homeless*") == ["Lantern House"]
    assert names(library, "home:*") == ["Lantern House"]
    assert names(library, "home&teens") == []  # one word "home teens" in a row: not in the notes
    assert names(library, "homeless-teens") == ["Lantern House"]  # its parts in a row
    assert names(library, "or") == []  # an FTS5 keyword is a word like another


def test_accented_and_other_scripts(library):
    Organization.objects.create(library=library, name="École Française", notes="日本語 classes")
    Organization.objects.create(library=library, name="Café Ami")
    assert names(library, "école") == ["École Française"]
    assert names(library, "ÉCOL") == ["École Française"]
    assert names(library, "café") == ["Café Ami"]
    assert names(library, "日本語") == ["École Française"]


def test_punctuation_and_numbers_are_also_found_as_typed(library):
    Organization.objects.create(library=library, name="100% Local Co-op", notes="Call 802-555-0100")
    assert names(library, "100%") == ["100% Local Co-op"]
    assert names(library, "co-op") == ["100% Local Co-op"]
    assert names(library, "555") == ["100% Local Co-op"]
    assert names(library, "802-555") == ["100% Local Co-op"]


def test_another_librarys_organizations_never_appear(staff_client, library, other_library, shelter):
    Organization.objects.create(
        library=other_library, name="Homeless Alliance", notes="homeless homeless"
    )
    assert ranked(staff_client, library, "home") == ["Lantern House"]
    page = staff_client.get(reverse("search", args=[library.slug]), {"q": "home"}).content.decode()
    assert "Lantern House" in page and "Homeless Alliance" not in page


def test_the_header_search_finds_a_word_of_the_notes(staff_client, library, shelter):
    page = staff_client.get(
        reverse("search", args=[library.slug]), {"q": "homeless"}
    ).content.decode()
    assert "Lantern House" in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_lost_triggers_are_made_again_after_migrate_and_the_index_rebuilt(library, shelter):
    """Django makes a SQLite table again to alter it, which drops its triggers."""
    from django.apps import apps

    from allies.directory.apps import keep_full_text_index

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {fulltext.SQLITE_TABLE}_update")
    shelter.notes = "Moved to Maple Ford."
    shelter.save()
    assert names(library, "maple") == []  # the index missed the change
    keep_full_text_index(apps.get_app_config("directory"), using="default")
    assert names(library, "maple") == ["Lantern House"]
    assert names(library, "homeless") == []
    shelter.notes = "Back to homeless teens."
    shelter.save()
    assert names(library, "homeless") == ["Lantern House"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_the_index_is_filled_from_the_rows_already_there(library, shelter):
    """What the migration does: the rows written before the index are found once it is made."""
    fulltext.drop_sqlite_index()
    Organization.objects.create(library=library, name="Garden Club", notes="Pollinators")
    assert fulltext.ensure_sqlite_index(rebuild=True)
    assert names(library, "homeless") == ["Lantern House"]
    assert names(library, "pollinat") == ["Garden Club"]
    check = (
        f"INSERT INTO {fulltext.SQLITE_TABLE}({fulltext.SQLITE_TABLE}) VALUES ('integrity-check')"  # noqa: S608
    )
    with connection.cursor() as cursor:  # raises when the index and the rows differ
        cursor.execute(check)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_searches_through_the_gin_index(library, shelter):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [fulltext.POSTGRESQL_INDEX]
        )
        (definition,) = cursor.fetchone()
        assert "gin" in definition and "setweight" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Organization.objects.filter(library=library).search("homeless", library).explain()
    assert fulltext.POSTGRESQL_INDEX in plan


def test_the_api_list_ranks_and_follows_its_cursor(library, staff):
    from allies.api.pagination import keyset_page
    from allies.directory import forms, listing

    for n in range(5):
        Organization.objects.create(library=library, name=f"Shelter {n}", notes="homeless")
    Organization.objects.create(library=library, name="Homeless Coalition")
    form = forms.OrganizationFilterForm(
        {"q": "homeless"}, library=library, cities=listing.cities(library)
    )
    queryset = form.filter(Organization.objects.filter(library=library))
    first, cursor = keyset_page(queryset, cursor=None, limit=3)
    rest, end = keyset_page(queryset, cursor=cursor, limit=3)
    assert [o.name for o in first + rest] == ["Homeless Coalition"] + [
        f"Shelter {n}" for n in range(5)
    ]
    assert end is None


def test_a_typo_finds_nothing_but_shows_close_words_on_postgresql(
    staff_client, library, other_library
):
    Organization.objects.create(library=library, name="Homeless Coalition", city="Barre")
    Organization.objects.create(library=library, name="Rotary Club of Barre")
    Organization.objects.create(library=other_library, name="Homeless Alliance")
    response = staff_client.get(
        reverse("directory:organizations", args=[library.slug]), {"q": "homless"}
    )
    page = response.content.decode()
    assert list(response.context["page_obj"].object_list) == []
    assert "No organization matches" in page
    if connection.vendor == "postgresql":
        assert [o.name for o in response.context["near_matches"]] == ["Homeless Coalition"]
        assert "Close to your words" in page and "Homeless Coalition" in page
        assert "Homeless Alliance" not in page
    else:  # SQLite has no trigram index: no near matches, nothing else changes
        assert response.context["near_matches"] == []
        assert "Close to your words" not in page
