"""Small helpers shared by the benchmarks (`allies bench`, each in its app's benchmarks folder):
percentiles, timing calls and a readable table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def time_calls(call: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    """Milliseconds for each of `repeat` calls, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summarize(samples_ms: list[float], prefix: str = "") -> dict:
    return {
        f"{prefix}p50_ms": round(statistics.median(samples_ms), 3),
        f"{prefix}p95_ms": round(percentile(samples_ms, 0.95), 3),
    }


def table(figures: dict) -> str:
    width = max(len(key) for key in figures)
    return "\n".join(f"{key.ljust(width)}  {value}" for key, value in figures.items())


def time_pages(client, urls: list[str], requests: int) -> list[float]:
    """Milliseconds of each of `requests` GETs through a Django test client, taking `urls` in turn;
    a page that does not answer 200 stops the benchmark (a broken page is no figure)."""
    samples = []
    for index in range(requests):
        url = urls[index % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return samples
