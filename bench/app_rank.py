"""Ranking through the app layer, refresh check included, over the library `allies bench pages` leaves.

Run after `allies bench pages` (same ALLIES_DATA_DIR and DATABASE_URL):

    allies migrate && allies shell < bench/app_rank.py
"""

import random
import statistics
import time

from allies.directory.models import Audience, Resource
from allies.directory.words import stems
from allies.libraries.models import Library
from allies.matching.features import features_version, library_features
from allies.matching.scoring import GoalSpec, rank

lib = Library.objects.get(slug="bench-pages")
t = time.perf_counter()
f = library_features(lib)
build = time.perf_counter() - t
aud = list(Audience.objects.filter(library=lib).values_list("pk", flat=True))
res = list(Resource.objects.filter(library=lib).values_list("pk", flat=True))
rng = random.Random(1)
samples = []
for _ in range(50):
    words = "computers technology job seekers digital literacy " + lib.mission
    goal = GoalSpec(
        primary_audiences=tuple(rng.sample(aud, 2)),
        secondary_audiences=tuple(rng.sample(aud, 1)),
        needed_resources=tuple(rng.sample(res, 3)),
        query=tuple((stem, 1.0) for stem in dict.fromkeys(stems(words))),
    )
    t = time.perf_counter()
    f = library_features(lib)  # includes the version check (one query)
    rank(f, goal, top=20)
    samples.append((time.perf_counter() - t) * 1000)
samples.sort()
print(
    f"organizations={len(f)} first build {build:.2f}s  p50 {statistics.median(samples):.2f} ms  p99 {samples[int(0.99 * len(samples)) - 1]:.2f} ms (rank + refresh check, 50 goals)"
)
t = time.perf_counter()
for _ in range(200):
    features_version(lib)
print(f"refresh check alone: {(time.perf_counter() - t) / 200 * 1000:.3f} ms")
