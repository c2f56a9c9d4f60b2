"""`allies bench NAME [--json]`: run one benchmark and print its figures.

Each benchmark lives in the app whose work it measures, in `<app>/benchmarks/NAME_bench.py`, and
defines:

    DESCRIPTION: str
    def add_arguments(parser) -> None          (optional)
    def run(options: dict, progress) -> dict   (the figures; see `allies.core.bench.summarize`)

Every benchmark builds its own seeded data (or reads ../shared/data), and where it can it measures a
baseline in the same process so the result is quoted as a ratio (baseline time / ours): these
machines are shared and noisy, so absolute times are only indicative.
"""

import importlib
import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from allies.core.bench import table

# Name -> the app whose benchmarks folder holds it. The backup benchmark backs up the stewardship
# benchmark's consortium; the load benchmark walks every page of a librarian's day, from Today.
BENCHMARKS = {
    "api": "api",
    "backup": "stewardship",
    "duplicates": "directory",
    "import": "directory",
    "load": "today",
    "pages": "directory",
    "paths": "connections",
    "rank": "matching",
    "rankpage": "matching",
    "relevance": "matching",
    "stewardship": "stewardship",
    "workshop": "workshop",
}


class Command(BaseCommand):
    help = "Run a benchmark (" + ", ".join(BENCHMARKS) + ") and print its figures."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="name", required=True, metavar="NAME")
        for name in BENCHMARKS:
            module = self._module(name)
            sub = subparsers.add_parser(name, help=module.DESCRIPTION)
            sub.add_argument("--json", action="store_true", help="Print one JSON object.")
            if hasattr(module, "add_arguments"):
                module.add_arguments(sub)

    @staticmethod
    def _module(name):
        app = BENCHMARKS[name]
        return importlib.import_module(f"allies.{app}.benchmarks.{name.replace('-', '_')}_bench")

    def handle(self, *args, **options):
        name = options["name"]
        if name not in BENCHMARKS:
            raise CommandError(f"Unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        module = self._module(name)
        # A benchmark builds its own data, so it may start from an empty data folder.
        call_command("migrate", verbosity=0, interactive=False)

        def progress(total: int, desc: str):
            return tqdm(total=total, desc=desc, disable=options["json"], file=self.stderr._out)

        figures = {
            "benchmark": name,
            "database": connection.vendor,
            **module.run(options, progress),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(table(figures))
