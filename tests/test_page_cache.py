"""Pages kept per member until the data changes (allies/core/page_cache.py).

These tests commit (transactional_db): a change forgets the kept pages when it is committed, and a
plain test's transaction never is."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allies.core import page_cache
from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pages_kept(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "pages",
        },
    }


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def asked(client, url):
    """The answer and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def keep(client, url):
    """Ask a page until it is kept: the first answer brings the browser its CSRF cookie, which a
    kept page's forms need, so only the second is kept."""
    client.get(url)
    client.get(url)


def partners_url():
    return reverse("partnerships:list", args=["riverton"])


def test_a_page_asked_again_is_the_kept_one(library, staff):
    client = signed_in(staff)
    client.get(partners_url())
    first, drawn = asked(client, partners_url())
    again, kept = asked(client, partners_url())
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert kept < drawn  # the list was not read again
    assert again["Cache-Control"] == "private, no-store"  # the browser still keeps nothing


def test_a_change_made_outside_a_transaction_forgets_the_kept_pages(library, staff):
    client = signed_in(staff)
    keep(client, partners_url())
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Partnership.objects.create(library=library, organization=rotary, stage=Stage.EXPLORING)
    response, _ = asked(client, partners_url())
    assert "Riverton Rotary Club" in response.content.decode()


def test_a_change_made_in_a_transaction_forgets_them_when_it_commits(library, staff):
    client = signed_in(staff)
    keep(client, partners_url())
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    before = page_cache._data_version()
    with transaction.atomic():
        Partnership.objects.create(library=library, organization=rotary, stage=Stage.EXPLORING)
        Organization.objects.filter(pk=rotary.pk).update(name="Riverton Rotary")
        assert page_cache._data_version() == before  # nothing committed yet
    assert page_cache._data_version() != before
    response, _ = asked(client, partners_url())
    assert "Riverton Rotary" in response.content.decode()


def test_a_change_outside_a_transaction_is_forgotten_before_the_next_statement(library):
    before = page_cache._data_version()
    Organization.objects.create(library=library, name="Riverton Rotary Club")
    # An INSERT ... RETURNING still has its row to give when it returns, so the version is
    # replaced before the next statement on the connection (here, the one that reads it).
    assert page_cache._data_version() != before


def test_a_change_made_by_another_member_through_the_app_shows_at_once(library, staff, owner):
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    partnership = Partnership.objects.create(
        library=library, organization=rotary, stage=Stage.EXPLORING
    )
    detail = reverse("partnerships:detail", args=["riverton", partnership.pk])
    reader = signed_in(staff)
    keep(reader, detail)
    assert "Space to meet" not in reader.get(detail).content.decode()
    editor = signed_in(owner)
    edit = reverse("partnerships:edit", args=["riverton", partnership.pk])
    form = editor.get(edit).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data["partner_expects"] = "Space to meet"
    assert editor.post(edit, data).status_code == 302
    assert "Space to meet" in reader.get(detail).content.decode()


def test_each_member_has_their_own_kept_pages(library, staff, owner):
    today = reverse("today", args=["riverton"])
    staffs, owners = signed_in(staff), signed_in(owner)
    keep(staffs, today)
    keep(owners, today)
    staffs, owners = staffs.get(today).content.decode(), owners.get(today).content.decode()
    assert "Sam Staff" in staffs and "Sam Staff" not in owners
    assert "Olivia Owner" in owners


def test_a_member_of_another_library_gets_404_for_a_kept_page(library, staff, outsider):
    keep(signed_in(staff), partners_url())
    assert signed_in(outsider).get(partners_url()).status_code == 404


def test_another_librarys_partnership_is_404_beside_a_kept_page(library, staff, other_library):
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    mine = Partnership.objects.create(library=library, organization=rotary, stage=Stage.EXPLORING)
    chamber = Organization.objects.create(library=other_library, name="Elsewhere Chamber")
    theirs = Partnership.objects.create(
        library=other_library, organization=chamber, stage=Stage.EXPLORING
    )
    client = signed_in(staff)
    keep(client, reverse("partnerships:detail", args=["riverton", mine.pk]))
    for bad in (theirs.pk, 999_999):
        for _ in range(2):  # a 404 is never kept, nor answered from another page's copy
            response = client.get(reverse("partnerships:detail", args=["riverton", bad]))
            assert response.status_code == 404
    assert (
        client.get(
            reverse("partnerships:list", args=["riverton"]) + "?page=abc%00" + "x" * 3000
        ).status_code
        == 200
    )


def test_a_message_is_shown_once(library, staff):
    client = signed_in(staff)
    keep(client, partners_url())
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    created = client.post(
        reverse("partnerships:create", args=["riverton"]),
        {"organization": rotary.pk, "stage": Stage.PROSPECT, "term": "", "lead": ""},
        follow=True,
    )
    message = [str(message) for message in created.context["messages"]]
    assert message
    page = created.redirect_chain[-1][0]
    again = client.get(page).content.decode()
    assert message[0] not in again
    assert client.get(page).content.decode() == again


def test_turned_off_every_page_is_drawn_again(library, staff, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = signed_in(staff)
    keep(client, partners_url())
    _, drawn = asked(client, partners_url())
    _, again = asked(client, partners_url())
    assert again == drawn


def test_a_page_whose_drawing_wrote_something_is_not_kept(library, staff):
    @page_cache.member_page
    def counting_view(request):
        Organization.objects.create(library=library, name=f"Visitor {request.GET['n']}")
        return HttpResponse("<p>counted</p>")

    for _ in range(2):
        request = RequestFactory().get("/counted/", {"n": Organization.objects.count()})
        SessionMiddleware(lambda request: None).process_request(request)
        request.user, request.library, request.LANGUAGE_CODE = staff, library, "en"
        request.META["CSRF_COOKIE"] = "x" * 32
        request._messages = FallbackStorage(request)
        counting_view(request)
    assert Organization.objects.count() == 2


def test_which_statements_change_what_pages_show():
    changes = [
        'INSERT INTO "directory_organization" ("name") VALUES (%s) RETURNING "id"',
        'UPDATE "partnerships_partnership" SET "stage" = %s',
        'DELETE FROM "directory_organization" WHERE "id" = %s',
        'INSERT OR IGNORE INTO "directory_organization_audiences" VALUES (1, 2)',
        '  update "goals_goal" set "name" = %s',
    ]
    others = [
        'SELECT "id" FROM "directory_organization" WHERE "name" = %s FOR UPDATE',
        'UPDATE "django_session" SET "session_data" = %s',
        'INSERT INTO "allies_shared_cache" VALUES (%s, %s, %s)',
        'INSERT INTO "matching_meaning" ("organization_id", "digest", "vector") VALUES (1, %s, %s)',
        "SAVEPOINT s1",
    ]
    assert [page_cache.writes(sql) for sql in changes] == [True] * len(changes)
    assert [page_cache.writes(sql) for sql in others] == [False] * len(others)
