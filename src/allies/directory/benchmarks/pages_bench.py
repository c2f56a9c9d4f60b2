"""`allies bench pages`: the organization list (search + filter + page 1) over 100,000
organizations in one library, through Django's full request cycle, against a bare Django view of
50 rows over the same data measured in the same run."""

from __future__ import annotations

import random

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path

from allies.core.bench import summarize, time_pages

DESCRIPTION = "Organization list with search and filters over 100,000 organizations, per request."
SLUG = "bench-pages"
STAFF_EMAIL = "bench-pages@example.org"
BATCH = 5000

TOWNS = [
    "Burlington",
    "Montpelier",
    "Rutland",
    "Barre",
    "Brattleboro",
    "Bennington",
    "Middlebury",
    "Winooski",
    "St. Albans",
    "Newport",
    "Springfield",
    "Morrisville",
    "Stowe",
    "Essex",
    "Colchester",
    "Shelburne",
    "Williston",
    "Hartford",
    "Norwich",
    "Randolph",
    "Bristol",
    "Vergennes",
    "Lyndonville",
    "Hardwick",
    "Waterbury",
    "Northfield",
    "Bellows Falls",
    "Castleton",
    "Poultney",
    "Manchester",
    "Woodstock",
    "Ludlow",
    "Johnson",
    "Enosburg Falls",
    "Swanton",
]
PLACES = [
    "Green Mountain",
    "Champlain",
    "Valley",
    "Northeast Kingdom",
    "Riverside",
    "Maple",
    "Granite",
    "Lakeside",
    "Hilltop",
    "Covered Bridge",
    "Old Mill",
    "Pine Ridge",
    "Sugarhouse",
    "Main Street",
]
KINDS = [
    "Youth Soccer Association",
    "Food Shelf",
    "Rotary Club",
    "Historical Society",
    "Arts Council",
    "Community Foundation",
    "Elementary School PTO",
    "Senior Center",
    "Lions Club",
    "Literacy Volunteers",
    "Housing Trust",
    "Credit Union",
    "Fire Department Auxiliary",
    "Garden Club",
    "Chamber of Commerce",
    "Family Center",
    "Adult Learning",
    "Health Clinic",
    "Baptist Church",
    "Veterans Post",
    "Teen Center",
    "Makerspace",
    "Land Trust",
    "Players",
]
MISSIONS = [
    "We feed families in need and run a weekly food pantry.",
    "Mentoring teens after school with homework help and sports.",
    "Free tax preparation and financial coaching for low-income households.",
    "Preserving local history through exhibits, archives and walking tours.",
    "English classes and citizenship preparation for new Americans.",
    "Job training, resume help and career fairs for job seekers.",
]
# (label, query string) pairs; {audience} and {resource} are filled with this library's ids.
QUERIES = [
    ("all", ""),
    ("search", "q=youth"),
    ("search+sector", "q=food&sector=nonprofit"),
    ("audience", "audience={audience}"),
    ("city+sort", "city=Burlington&sort=updated"),
    ("stage", "stage=active"),
    ("search+resource", "q=club&resource={resource}"),
    ("search rare", "q=covered+bridge+players&city=Stowe"),
]

BASELINE_TEMPLATE = """<!doctype html><title>Organizations</title><table>
{% for organization in organizations %}<tr><td>{{ organization.name }}</td>
<td>{{ organization.city }}</td><td>{{ organization.get_sector_display }}</td></tr>{% endfor %}
</table>"""


def baseline_view(request, library_id):
    """A bare Django list view: 50 rows, no access checks, no filters, a minimal template."""
    from allies.directory.models import Organization

    rows = Organization.objects.filter(library_id=library_id).order_by("name")[:50]
    html = engines["django"].from_string(BASELINE_TEMPLATE).render({"organizations": rows})
    return HttpResponse(html)


urlpatterns = [path("baseline/<int:library_id>/", baseline_view)]


def add_arguments(parser):
    parser.add_argument("--organizations", type=int, default=100_000, help="Default 100,000.")
    parser.add_argument("--requests", type=int, default=200, help="Requests timed (default 200).")
    parser.add_argument("--seed", type=int, default=42)


def _marker(count: int, seed: int) -> str:
    return f"Bench pages: {count} organizations, seed {seed}"


def prepare_library(count: int, seed: int, progress):
    """The `bench-pages` library with `count` seeded organizations, reused when the marker fits."""
    from allies.libraries.models import Library, Membership, User

    marker = _marker(count, seed)
    library = Library.objects.filter(slug=SLUG).first()
    if library is not None and library.community_served != marker:
        _drop(library)
        library = None
    if library is None:
        library = Library.objects.create(name="Bench pages", slug=SLUG, community_served=marker)
        _fill(library, count, seed, progress)
    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None:
        user = User.objects.create_user(STAFF_EMAIL, None, full_name="Bench Staff")
    Membership.objects.get_or_create(user=user, library=library, defaults={"role": "staff"})
    return library, user


def _drop(library) -> None:
    """Delete a stale bench library fast (no per-row signals: these rows have no history)."""
    from allies.directory.models import Organization

    partnership = Organization._meta.get_field("partnerships").related_model
    with transaction.atomic():
        partnership.objects.filter(library=library).delete()
        organizations = Organization.objects.filter(library=library)
        for through in (Organization.audiences.through, Organization.resources.through):
            rows = through.objects.filter(organization_id__in=organizations.values("pk"))
            rows._raw_delete(rows.db)
        organizations._raw_delete(organizations.db)
        library.delete()


def _fill(library, count: int, seed: int, progress) -> None:
    from allies.directory.models import Audience, Organization, Resource, Sector
    from allies.directory.ntee import ntee_codes

    rng = random.Random(seed)
    sectors = list(Sector.values)
    codes = sorted(code for code in ntee_codes() if len(code) == 3)
    audiences = list(Audience.objects.filter(library=library).values_list("pk", flat=True))
    resources = list(Resource.objects.filter(library=library).values_list("pk", flat=True))
    partnership = Organization._meta.get_field("partnerships").related_model
    stages = [value for value, _label in partnership._meta.get_field("stage").choices]
    bar = progress(count, "organizations")
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        batch = []
        for n in range(made, made + size):
            organization = Organization(
                library=library,
                name=f"{rng.choice(PLACES)} {rng.choice(KINDS)} {n}",
                sector=rng.choice(sectors),
                ntee_code=rng.choice(codes) if rng.random() < 0.7 else "",
                city=rng.choice(TOWNS),
                state="VT",
                mission=rng.choice(MISSIONS) if rng.random() < 0.15 else "",
                source="bench",
            )
            organization.search_text = organization.build_search_text()
            batch.append(organization)
        with transaction.atomic():
            Organization.objects.bulk_create(batch)
            Organization.audiences.through.objects.bulk_create(
                Organization.audiences.through(organization_id=o.pk, audience_id=a)
                for o in batch
                for a in rng.sample(audiences, rng.randint(0, 3))
            )
            Organization.resources.through.objects.bulk_create(
                Organization.resources.through(organization_id=o.pk, resource_id=r)
                for o in batch
                for r in rng.sample(resources, rng.randint(0, 2))
            )
            partnership.objects.bulk_create(
                partnership(library=library, organization=o, stage=rng.choice(stages))
                for o in batch
                if rng.random() < 0.02
            )
        made += size
        bar.update(size)
    bar.close()
    # Fresh statistics and visibility maps, as a maintained database has them (autovacuum on
    # PostgreSQL; ANALYZE or `PRAGMA optimize` on SQLite). Without them SQLite joins partnerships
    # the slow way round and PostgreSQL counts rows by reading the whole table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _urls(library) -> list[tuple[str, str]]:
    from allies.directory.models import Audience, Resource

    ids = {
        "audience": Audience.objects.get(library=library, slug="teens").pk,
        "resource": Resource.objects.get(library=library, slug="funding").pk,
    }
    base = f"/l/{library.slug}/directory/organizations/"
    return [(label, f"{base}?{query.format(**ids)}") for label, query in QUERIES]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code  # noqa: S101 - a broken page is no figure
    return len(captured)


def run(options: dict, progress) -> dict:
    from allies.directory.models import Organization

    call_command("migrate", verbosity=0)
    library, user = prepare_library(options["organizations"], options["seed"], progress)
    client = Client()
    client.force_login(user)
    labelled = _urls(library)
    urls = [url for _label, url in labelled]
    requests = options["requests"]
    # The manifest of hashed static files exists only after collectstatic; plain names will do here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        for url in urls:  # warm up caches, templates and the database's pages
            client.get(url)
        samples = time_pages(client, urls, requests)
        per_query = {
            label: summarize(samples[i :: len(urls)])["p95_ms"]
            for i, (label, _url) in enumerate(labelled)
        }
        base = urls[0]
        queries = _queries(client, base)
        queries_page_5 = _queries(client, base + "page=5")
        queries_search = _queries(client, urls[2])
        with override_settings(ROOT_URLCONF=__name__):
            baseline_url = f"/baseline/{library.pk}/"
            baseline = time_pages(client, [baseline_url], 3)
            baseline = time_pages(client, [baseline_url], requests)
    ours = summarize(samples)
    theirs = summarize(baseline, prefix="baseline_")
    stats = Organization.objects.filter(library=library).aggregate(n=Count("id"))
    return {
        "organizations": stats["n"],
        "requests": requests,
        **ours,
        **theirs,
        "ratio": round(theirs["baseline_p50_ms"] / ours["p50_ms"], 3),
        "queries": queries,
        "queries_page_5": queries_page_5,
        "queries_search_filter": queries_search,
        "p95_ms_by_query": per_query,
    }
