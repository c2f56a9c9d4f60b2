"""`allies bench rankpage`: the ranking page of the sample library's goal, as its director sees it.

Loads the sample library (its story and the 6,208 Vermont organizations; built once in the data
folder, like `allies demo`), then requests the goal's ranking page through Django's test client
(the full request cycle: middleware, session, access check, the cached directory, the ranking of
every organization, the best introduction path to each of the first fifty candidates as the
director may see them, the reasons in words, the template) `--requests` times. The directory's
features are built by the first, untimed request (`build_ms`), as they are once per process and
per change, and that request also reads the records of the goal's candidates with the sentence
encoder (closeness in meaning: the first pass's best, the best by their words and the best of the
kinds closest to the goal), as a new goal's first ranking does. Baseline in the same
run: the bare Django view of `allies bench pages` (50 rows of the same library, a minimal
template). Goal: p95 under 150 ms.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from allies.core.bench import summarize, time_pages

DESCRIPTION = "The ranking page of the sample goal (50 rows with introduction paths)."


def add_arguments(parser) -> None:
    parser.add_argument("--requests", type=int, default=60, help="Timed requests (default 60).")


def run(options: dict, progress) -> dict:
    from allies import sample_data
    from allies.goals.models import Goal
    from allies.libraries.models import User
    from allies.matching.features import forget_features
    from allies.matching.models import Meaning

    report = sample_data.load_sample_data(progress=lambda total, desc: progress(total, desc))
    library = report.library
    goal = Goal.objects.filter(library=library, statement=sample_data.GOAL["statement"]).first()
    director = User.objects.get(email=f"director@{sample_data.EMAIL_DOMAIN}")
    client = Client()
    client.force_login(director)
    url = f"/l/{library.slug}/goals/{goal.pk}/rank/"
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        forget_features()
        # What the sentence encoder kept of the records is dropped too, so that the first
        # request reads its 100 candidates as a new goal's first ranking does.
        Meaning.objects.filter(organization__library=library).delete()
        start = time.perf_counter()
        first = client.get(url)
        build_ms = (time.perf_counter() - start) * 1000
        if first.status_code != 200:
            raise RuntimeError(f"{url} answered {first.status_code}")
        rows = first.content.decode().count('class="fit-score"')
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the next request empties the log
        samples = time_pages(client, [url], options["requests"])
        with override_settings(ROOT_URLCONF="allies.directory.benchmarks.pages_bench"):
            baseline_url = f"/baseline/{library.pk}/"
            time_pages(client, [baseline_url], 3)
            baseline = time_pages(client, [baseline_url], options["requests"])
    ours = summarize(samples)
    theirs = summarize(baseline, prefix="baseline_")
    return {
        "organizations": library.organizations.count(),
        "rows": rows,
        "requests": options["requests"],
        "build_ms": round(build_ms, 1),
        **ours,
        **theirs,
        "ratio": round(theirs["baseline_p50_ms"] / ours["p50_ms"], 3),
        "queries": queries,
    }
