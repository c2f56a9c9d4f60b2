"""`allies bench NAME [--json]`: run one benchmark and print its figures."""

import importlib
import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from allies.benchmarks import BENCHMARKS
from allies.benchmarks.timing import table


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
        return importlib.import_module(f"allies.benchmarks.{name.replace('-', '_')}_bench")

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
