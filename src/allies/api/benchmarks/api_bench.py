"""`allies bench api`: the JSON API over the 100,000-organization library of `allies bench pages`.

Two requests are timed through Django's full request cycle (middleware, token check and rate
count, the directory's filter form, keyset pagination, pydantic serialization): a page of 100
organizations (page 1, then pages deeper in the list by following next_cursor), and logging a
contact. Each is compared with the same database work in a bare Django view in the same run (no
token, no form, no schema): the same 100 rows with their audiences, resources and partnership
dumped by JsonResponse, and a Contact created and dumped.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path

from allies.core.bench import summarize
from allies.directory.benchmarks import pages_bench

DESCRIPTION = "JSON API: 100 organizations a page over 100,000, and logging a contact, per request."
PAGE = 100


def baseline_list(request, library_id):
    """A bare view: the API's first-page queries (the same rows, and the same three queries for
    their audiences, resources and partnership), every column dumped by JsonResponse."""
    from allies.api.directory import with_related
    from allies.directory.models import Organization

    fields = [field.attname for field in Organization._meta.concrete_fields]
    rows = list(
        Organization.objects.filter(library_id=library_id).order_by("name", "id")[: PAGE + 1]
    )
    items = [
        {
            **{name: getattr(org, name) for name in fields},
            "audiences": org.audience_ids,
            "resources": org.resource_ids,
            "partnership": org.open_partnership,
        }
        for org in with_related(rows[:PAGE])
    ]
    return JsonResponse({"items": items})


def baseline_contact(request, library_id, partnership_id):
    """A bare view: create the same contact and dump it."""
    from allies.stewardship.models import Contact

    contact = Contact.objects.create(
        library_id=library_id, partnership_id=partnership_id, kind="call", note="Bench"
    )
    return JsonResponse({"id": contact.pk, "kind": contact.kind, "note": contact.note})


urlpatterns = [
    path("baseline/list/<int:library_id>/", baseline_list),
    path("baseline/contact/<int:library_id>/<int:partnership_id>/", baseline_contact),
]


def add_arguments(parser):
    parser.add_argument("--organizations", type=int, default=100_000, help="Default 100,000.")
    parser.add_argument("--requests", type=int, default=200, help="Requests timed (default 200).")
    parser.add_argument("--seed", type=int, default=42)


def _timed(send, requests: int, expected: int) -> list[float]:
    samples = []
    for index in range(requests):
        start = time.perf_counter()
        response = send(index)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != expected:
            raise RuntimeError(f"answered {response.status_code}: {response.content[:300]!r}")
    return samples


def _cursors(client, count: int) -> list[str | None]:
    """page 1, then the cursors of the following pages (deeper in the list each time)."""
    cursors: list[str | None] = [None]
    while len(cursors) < count:
        params = {"limit": PAGE, **({"cursor": cursors[-1]} if cursors[-1] else {})}
        following = json.loads(client.get("/api/v1/organizations", params).content)["next_cursor"]
        if following is None:
            break
        cursors.append(following)
    return cursors


def run(options: dict, progress) -> dict:
    from allies.api.models import ApiToken
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import Contact

    library, user = pages_bench.prepare_library(options["organizations"], options["seed"], progress)
    ApiToken.objects.filter(library=library, user=user, name="bench").delete()
    _token, secret = ApiToken.issue(library=library, user=user, name="bench", can_write=True)
    partnership = Partnership.objects.for_library(library).open().order_by("id").first()
    if partnership is None:
        organization = library.organizations.order_by("id").first()
        partnership = Partnership(library=library, organization=organization)
        partnership.start(by=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    requests = options["requests"]
    before = Contact.objects.filter(library=library).values_list("pk", flat=True)
    known = set(before)
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    overrides = {
        "ALLOWED_HOSTS": ["testserver"],
        "STORAGES": storages,
        "API_REQUESTS_PER_MINUTE": 10**9,
    }
    with override_settings(**overrides):
        cursors = _cursors(client, 10)

        def page(index):
            cursor = cursors[index % len(cursors)]
            params = {"limit": PAGE, **({"cursor": cursor} if cursor else {})}
            return client.get("/api/v1/organizations", params)

        contact = json.dumps({"partnership": partnership.pk, "kind": "call", "note": "Bench"})

        def log(index):
            return client.post("/api/v1/contacts", contact, content_type="application/json")

        _timed(page, 5, 200)
        listing = _timed(page, requests, 200)
        _timed(log, 3, 201)
        logging = _timed(log, requests, 201)
        with CaptureQueriesContext(connection) as captured:
            page(0)
        queries = len(captured)
        with CaptureQueriesContext(connection) as captured:
            page(1)
        queries_deeper = len(captured)
        with override_settings(ROOT_URLCONF=__name__):
            list_url = f"/baseline/list/{library.pk}/"
            contact_url = f"/baseline/contact/{library.pk}/{partnership.pk}/"
            _timed(lambda i: client.get(list_url), 5, 200)
            bare_list = _timed(lambda i: client.get(list_url), requests, 200)
            _timed(lambda i: client.post(contact_url), 3, 200)
            bare_contact = _timed(lambda i: client.post(contact_url), requests, 200)
    # The contacts the run logged are removed: the bench library stays as `bench pages` made it.
    Contact.objects.filter(library=library).exclude(pk__in=known).delete()
    ours = summarize(listing)
    theirs = summarize(bare_list, prefix="baseline_")
    logged = summarize(logging, prefix="contact_")
    logged_bare = summarize(bare_contact, prefix="contact_baseline_")
    return {
        "organizations": library.organizations.count(),
        "requests": requests,
        "page_size": PAGE,
        "pages_walked": len(cursors),
        **ours,
        **theirs,
        "ratio": round(theirs["baseline_p50_ms"] / ours["p50_ms"], 3),
        **logged,
        **logged_bare,
        "contact_ratio": round(
            logged_bare["contact_baseline_p50_ms"] / logged["contact_p50_ms"], 3
        ),
        "queries": queries,
        "queries_deeper_page": queries_deeper,
    }
