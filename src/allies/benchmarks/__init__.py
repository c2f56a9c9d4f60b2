"""Benchmarks run by `allies bench NAME`. Each module defines:

    DESCRIPTION: str
    def add_arguments(parser) -> None          (optional)
    def run(options: dict, progress) -> dict   (the figures; see `timing.summarize`)

Every benchmark builds its own seeded data (or reads ../shared/data), and where it can it measures a
baseline in the same process so the result is quoted as a ratio (baseline time / ours): these
machines are shared and noisy, so absolute times are only indicative.
"""

BENCHMARKS = [
    "api",
    "backup",
    "duplicates",
    "import",
    "load",
    "pages",
    "paths",
    "rank",
    "rankpage",
    "relevance",
    "stewardship",
    "workshop",
]
