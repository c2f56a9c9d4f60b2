"""Signed-in pages kept for a short while per member, and forgotten on any change to the data.

The pages members open most (Today, Partners, the directory, a partnership, a goal's ranking,
Connections, Reports) are drawn from most tables and cost 10-40 ms of CPU each. A member who
comes back to one of them, with nothing changed in the database since, gets the page drawn last
time. Three rules keep that safe:

- **Any change forgets every kept page.** The database holds one data version, a random token (in
  the "shared" cache, which lives in the database, so every app process on every machine reads
  the same). Every statement that changes a table, whatever code sent it (a form, the API, an
  import, a command, the ORM's `update()` or raw SQL), is seen by a database execute wrapper
  installed on each connection, and the version is replaced by a fresh random one once the
  change is committed:
  - inside a transaction, when it commits (`on_commit`);
  - outside one, before the next statement on that connection and before the answer to the
    request leaves (`PageCacheMiddleware`), and when a command's process exits. (Not at once:
    SQLite refuses to commit another write while an `INSERT ... RETURNING` still has its row to
    give.)
  A page is kept under the version read *before* it was drawn, so a page drawn while someone
  else's change was being committed is kept under a version that is already gone, and a random
  version never comes back (a counter read and raised by two processes at once could).
- **Kept per member and per request's circumstances**: the member, the library, the address with
  its query, the language, the cookies (the session and the CSRF token the page's forms carry),
  the session's contents and the htmx headers. Another member never gets someone else's page, and
  the access check of `library_view` runs before the cache is asked.
- **Only plain pages are kept**: an answer of 200 with HTML, that set no cookie and wrote nothing,
  to a request that had no message waiting and added none (a message is shown once). Pages that
  depend on the clock (what is due today) are kept for `PAGE_CACHE_SECONDS` at most (60 by default;
  0 turns the cache off).

The pages themselves are kept in the "pages" cache: files under the data folder, shared by the app
processes of one machine.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import secrets
import zlib
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse

import allies

VERSION_KEY = "allies:data-version"
# What is written there is not data a page shows: who is signed in, and the caches themselves
# (what the sentence encoder made of a record follows from the record, whose changes do count).
IGNORED_TABLES = frozenset({"django_session", "allies_shared_cache", "matching_meaning"})
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I
)
# Says "hit" on a kept page (counted by `allies bench load`; a way for admins to see it work).
KEPT_HEADER = "Allies-Page-Cache"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "HX-Trigger", "HX-Push-Url")


def writes(sql: str) -> bool:
    """Whether a statement changes a table whose rows a page may show."""
    match = _WRITE.match(sql)
    return bool(match) and match.group(1).lower() not in IGNORED_TABLES


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    if connection.allies_changed and not connection.in_atomic_block:
        forget_pages(connection)  # an earlier change outside a transaction, now safely done
    result = execute(sql, params, many, context)
    if writes(sql):
        connection.allies_changed = True
        connection.allies_writes += 1
        if connection.in_atomic_block:
            transaction.on_commit(
                partial(forget_pages, connection), using=connection.alias, robust=True
            )
    return result


def forget_pages(connection) -> None:
    """Replace the data version if this connection changed something since the last time."""
    if not connection.allies_changed:
        return
    connection.allies_changed = False
    try:
        with transaction.atomic(using=connection.alias):
            caches["shared"].set(VERSION_KEY, secrets.token_hex(8), None)
    except DatabaseError:  # the shared cache's table is not made yet (early migrations)
        pass


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.allies_changed = False
        connection.allies_writes = 0
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every database connection from now on (called once, when the app is ready)."""
    connection_created.connect(_install, dispatch_uid="allies-page-cache")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    atexit.register(forget_all)


def forget_all() -> None:
    """Replace the data version for every connection of this thread that changed something
    outside a transaction (the end of a request, the end of a command)."""
    for connection in connections.all(initialized_only=True):
        if getattr(connection, "allies_changed", False) and not connection.in_atomic_block:
            forget_pages(connection)


class PageCacheMiddleware:
    """A change made outside a transaction forgets the kept pages before its answer leaves, so
    the page a member is sent to next is drawn again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        forget_all()
        return response


def _data_version() -> str | None:
    shared = caches["shared"]
    token = shared.get(VERSION_KEY)
    if token is None:  # never set, or culled: a fresh one, which no kept page can match
        shared.add(VERSION_KEY, secrets.token_hex(8), None)
        token = shared.get(VERSION_KEY)
    return token


def _key(request, token: str) -> str:
    parts = [
        allies.__version__,
        token,
        str(request.user.pk),
        str(request.library.pk),
        request.LANGUAGE_CODE,
        request.get_full_path(),
        request.META.get("HTTP_COOKIE", ""),
        repr(sorted(request.session.items())),
        *(
            f"{name}={value}"
            for name, value in sorted(request.META.items())
            if name.startswith("HTTP_HX_")
        ),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _messages_waiting(request) -> bool:
    return len(get_messages(request)) > 0  # counts without marking them as seen


def member_page(view):
    """Keep this library view's pages per member until the data changes (see the module's
    docstring). Goes under `library_view`, which checks access first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or _messages_waiting(request):
            return view(request, *args, **kwargs)
        token = _data_version()
        key = token and _key(request, token)
        kept = caches["pages"].get(key) if key else None
        if kept is not None:
            headers, body = kept
            return HttpResponse(zlib.decompress(body), headers={**headers, KEPT_HEADER: "hit"})
        connection = connections["default"]
        writes_before = getattr(connection, "allies_writes", 0)
        csrf_secret = request.META.get("CSRF_COOKIE")  # from the request's cookie, if it had one
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if (
            key
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
            and not request.session.modified
            and csrf_secret is not None  # a new CSRF cookie must reach the browser first
            and request.META.get("CSRF_COOKIE") == csrf_secret
            and getattr(connection, "allies_writes", 0) == writes_before
            and not _messages_waiting(request)
        ):
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            caches["pages"].set(key, (headers, zlib.compress(response.content, 1)), seconds)
        return response

    return wrapper
