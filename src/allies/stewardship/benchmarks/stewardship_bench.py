"""`allies bench stewardship`: Today, the needing-attention list and `allies assess` for one library
of a consortium-size database (200 libraries, 2,000,000 logged contacts, 20,000 of them in the
measured library), through Django's full request cycle, against a bare Django view listing that
library's 50 latest contacts, measured in the same run."""

from __future__ import annotations

import datetime
import random
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse
from django.utils import timezone

from allies.core.bench import summarize, time_pages

DESCRIPTION = (
    "Today, needing attention and assess for one library of 200, with 2,000,000 contacts in all."
)
SLUG_PREFIX = "bench-care"
STAFF_EMAIL = "bench-care@example.org"
BATCH = 10_000
PARTNERS_MEASURED = 200
PARTNERS_OTHER = 40

# Roughly how often each kind is logged; support and news create follow-up reminders and habits.
KIND_WEIGHTS = {
    "meeting": 14,
    "call": 14,
    "email": 20,
    "visit": 6,
    "chat": 8,
    "thanks": 6,
    "congratulations": 3,
    "library_news": 5,
    "results": 3,
    "invitation": 4,
    "tour": 2,
    "space": 2,
    "leadership_change": 1,
    "partner_news": 4,
    "support": 6,
    "problem": 2,
}
SUPPORT_KINDS = ["budget_meeting", "wrote_to_council", "funded", "volunteered", "promoted"]
PROBLEM_KINDS = ["miscommunication", "controlling", "one_sided", "obligation_missed"]
STAGES = ["active"] * 6 + ["pilot", "exploring", "reaching_out", "paused", "prospect"]

BASELINE_TEMPLATE = """<!doctype html><title>Contacts</title><table>
{% for contact in contacts %}<tr><td>{{ contact.happened_on }}</td><td>{{ contact.kind }}</td>
<td>{{ contact.note }}</td></tr>{% endfor %}</table>"""


def baseline_view(request, library_id):
    """A bare Django list view: the library's 50 latest contacts, no access checks, no joins."""
    from allies.stewardship.models import Contact

    rows = Contact.objects.filter(library_id=library_id).order_by("-happened_on", "-id")[:50]
    html = engines["django"].from_string(BASELINE_TEMPLATE).render({"contacts": rows})
    return HttpResponse(html)


urlpatterns = [path("baseline/<int:library_id>/", baseline_view)]


def add_arguments(parser):
    parser.add_argument("--libraries", type=int, default=200, help="Default 200.")
    parser.add_argument(
        "--contacts", type=int, default=2_000_000, help="Contacts in all (default 2,000,000)."
    )
    parser.add_argument(
        "--library-contacts",
        type=int,
        default=20_000,
        help="Contacts of the measured library (default 20,000).",
    )
    parser.add_argument("--requests", type=int, default=100, help="Requests timed per page.")
    parser.add_argument("--seed", type=int, default=42)


def _marker(options) -> str:
    return (
        f"Bench stewardship: {options['libraries']} libraries, {options['contacts']} contacts, "
        f"{options['library_contacts']} measured, seed {options['seed']}"
    )


def prepare(options, progress):
    """The consortium, reused when the measured library's marker fits the options."""
    from allies.libraries.models import Library, Membership, User

    marker = _marker(options)
    measured = Library.objects.filter(slug=f"{SLUG_PREFIX}-0").first()
    if measured is not None and measured.community_served != marker:
        _drop()
        measured = None
    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None:
        user = User.objects.create_user(STAFF_EMAIL, None, full_name="Bench Steward")
    if measured is None:
        measured = _fill(options, user, marker, progress)
    Membership.objects.get_or_create(user=user, library=measured, defaults={"role": "staff"})
    return measured, user


def _drop() -> None:
    """Delete the bench consortium with raw deletes (its rows have no history worth keeping)."""
    from allies.directory.models import Organization
    from allies.libraries.models import Library
    from allies.partnerships.models import Commitment, Partnership, StageChange
    from allies.stewardship.models import Contact, LibraryEvent

    libraries = Library.objects.filter(slug__startswith=f"{SLUG_PREFIX}-")
    with transaction.atomic():
        for model in (Contact, Commitment, LibraryEvent):
            rows = model.objects.filter(library__in=libraries)
            rows._raw_delete(rows.db)
        rows = StageChange.objects.filter(partnership__library__in=libraries)
        rows._raw_delete(rows.db)
        rows = Partnership.history.model.objects.filter(library__in=libraries)
        rows._raw_delete(rows.db)
        rows = Partnership.objects.filter(library__in=libraries)
        rows._raw_delete(rows.db)
        rows = Organization.objects.filter(library__in=libraries)
        rows._raw_delete(rows.db)
        libraries.delete()


def _fill(options, user, marker: str, progress):
    from allies.libraries.models import Library

    rng = random.Random(options["seed"])
    count = max(1, options["libraries"])
    total = max(options["contacts"], options["library_contacts"])
    others = max(0, total - options["library_contacts"])
    per_other = others // max(1, count - 1) if count > 1 else 0
    bar = progress(total, "contacts")
    measured = None
    for index in range(count):
        library = Library.objects.create(
            name=f"Bench library {index}",
            slug=f"{SLUG_PREFIX}-{index}",
            community_served=marker if index == 0 else "",
        )
        contacts = options["library_contacts"] if index == 0 else per_other
        if index == count - 1 and index > 0:
            contacts = others - per_other * (count - 2)
        partners = PARTNERS_MEASURED if index == 0 else PARTNERS_OTHER
        _fill_library(library, partners, contacts, rng, user if index == 0 else None, bar)
        if index == 0:
            measured = library
    bar.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return measured


def _fill_library(library, partners: int, contacts: int, rng, lead, bar) -> None:
    from allies.directory.models import Organization
    from allies.partnerships.models import Commitment, Partnership
    from allies.stewardship.models import Contact, LibraryEvent

    today = timezone.localdate()
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            Organization(library=library, name=f"Partner {n} of {library.slug}", source="bench")
            for n in range(partners)
        )
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                library=library,
                organization=organization,
                stage=rng.choice(STAGES),
                lead=lead if lead is not None and rng.random() < 0.5 else None,
                started_on=today - datetime.timedelta(days=rng.randint(30, 1500)),
            )
            for organization in organizations
        )
        Commitment.objects.bulk_create(
            Commitment(
                library=library,
                partnership=partnership,
                owed_by=rng.choice(["library", "partner"]),
                what="A promise",
                due_on=today + datetime.timedelta(days=rng.randint(-400, 60)),
                status=rng.choice(["open", "kept", "kept", "missed"]),
            )
            for partnership in partnerships
            for _ in range(rng.randint(0, 3))
        )
        LibraryEvent.objects.bulk_create(
            LibraryEvent(
                library=library,
                title=f"Library event {n}",
                starts_on=today + datetime.timedelta(days=rng.randint(-300, 40)),
            )
            for n in range(6)
        )
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    made = 0
    while made < contacts:
        size = min(BATCH, contacts - made)
        batch = []
        for kind in rng.choices(kinds, weights, k=size):
            batch.append(
                Contact(
                    library=library,
                    partnership=rng.choice(partnerships),
                    kind=kind,
                    support_kind=rng.choice(SUPPORT_KINDS) if kind == "support" else "",
                    problem_kind=rng.choice(PROBLEM_KINDS) if kind == "problem" else "",
                    happened_on=today - datetime.timedelta(days=int(rng.expovariate(1 / 300))),
                    note="",
                )
            )
        with transaction.atomic():
            Contact.objects.bulk_create(batch)
        made += size
        bar.update(size)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(captured)


def run(options: dict, progress) -> dict:
    from allies.stewardship.habits import assess
    from allies.stewardship.models import Contact

    call_command("migrate", verbosity=0)
    library, user = prepare(options, progress)
    client = Client()
    client.force_login(user)
    requests = options["requests"]
    today_url = reverse("today", args=[library.slug])
    attention_url = reverse("stewardship:attention", args=[library.slug])
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    day = timezone.localdate()
    since = day - datetime.timedelta(days=365)
    figures: dict = {
        "libraries": options["libraries"],
        "contacts": Contact.objects.count(),
        "library_contacts": Contact.objects.filter(library=library).count(),
        "requests": requests,
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        for url in (today_url, attention_url):
            time_pages(client, [url], 3)
        figures.update(summarize(time_pages(client, [today_url], requests), prefix="today_"))
        figures.update(
            summarize(time_pages(client, [attention_url], requests), prefix="attention_")
        )
        figures["today_queries"] = _queries(client, today_url)
        figures["attention_queries"] = _queries(client, attention_url)
        assess_samples = []
        for _ in range(3):
            assess(library, since=since, until=day)
        for _ in range(requests):
            start = time.perf_counter()
            assess(library, since=since, until=day)
            assess_samples.append((time.perf_counter() - start) * 1000)
        figures.update(summarize(assess_samples, prefix="assess_"))
        with override_settings(ROOT_URLCONF=__name__):
            baseline_url = f"/baseline/{library.pk}/"
            time_pages(client, [baseline_url], 3)
            baseline = summarize(time_pages(client, [baseline_url], requests), prefix="baseline_")
    figures.update(baseline)
    # The headline figures: the slower of the two pages.
    slower = max(("today_", "attention_"), key=lambda prefix: figures[f"{prefix}p95_ms"])
    figures["p50_ms"] = figures[f"{slower}p50_ms"]
    figures["p95_ms"] = figures[f"{slower}p95_ms"]
    figures["ratio"] = round(baseline["baseline_p50_ms"] / figures["p50_ms"], 3)
    return figures
