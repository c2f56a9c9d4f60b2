"""`allies demo`: a working Allies with the sample library, in one command."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from allies import sample_data
from allies.management.commands.serve import (
    add_server_arguments,
    display_address,
    serve,
    server_address,
)


class Command(BaseCommand):
    help = (
        "Prepare the database (SQLite in the data folder unless DATABASE_URL is set), load the "
        "sample library once, and serve it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Only prepare the database, then stop."
        )
        add_server_arguments(parser)

    def handle(self, *args, no_serve, bind, workers, lan, no_worker, **options):
        bind, environ = server_address(bind, lan)
        self.stdout.write(f"Database: {describe_database()}")
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        report = sample_data.load_sample_data(progress=sample_data.tqdm_progress)
        if report.created:
            self.stdout.write(f"Loaded the sample library: {report.library.name}.")
        else:
            self.stdout.write(f"The sample library is already there: {report.library.name}.")
        if report.irs_report is not None:
            self.stdout.write(
                f"Imported Vermont organizations: {getattr(report.irs_report, 'created', '?')} "
                "created."
            )
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.logins_text(bind))
        if not no_serve:
            serve(bind, workers, self.stdout, environ, worker=not no_worker)

    @staticmethod
    def logins_text(bind: str) -> str:
        lines = [
            "",
            f"Open http://{display_address(bind)}/ and sign in as one of:",
        ]
        for email, name, role in sample_data.logins():
            lines.append(f"  {email:<36} {name} ({role})")
        lines.append(f"Password for all of them: {sample_data.DEMO_PASSWORD}")
        lines.append("")
        return "\n".join(lines)


def describe_database(alias: str = "default") -> str:
    database = connections[alias].settings_dict
    if "sqlite" in database["ENGINE"]:
        return f"SQLite, {database['NAME']}"
    host = database.get("HOST") or "localhost"
    return f"PostgreSQL, database {database['NAME']} on {host}"
