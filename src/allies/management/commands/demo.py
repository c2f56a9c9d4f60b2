"""`allies demo`: a working Allies with the sample library, in one command."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies import sample_data
from allies.management.commands.serve import (
    add_server_arguments,
    display_address,
    serve,
    server_address,
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _(
            "Prepare the database (SQLite in the data folder unless DATABASE_URL is set), load the "
            "sample library once, and serve it."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=gettext_lazy("Only prepare the database, then stop."),
        )
        add_server_arguments(parser)

    def handle(self, *args, no_serve, bind, workers, lan, no_worker, **options):
        bind, environ = server_address(bind, lan)
        self.stdout.write(_("Database: %(database)s") % {"database": describe_database()})
        self.stdout.write(_("Preparing the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        report = sample_data.load_sample_data(progress=sample_data.tqdm_progress)
        if report.created:
            loaded = _("Loaded the sample library: %(name)s.")
        else:
            loaded = _("The sample library is already there: %(name)s.")
        self.stdout.write(loaded % {"name": report.library.name})
        if report.irs_report is not None:
            self.stdout.write(
                _("Imported Vermont organizations: %(count)s created.")
                % {"count": getattr(report.irs_report, "created", "?")}
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
            _("Open %(url)s and sign in as one of:") % {"url": f"http://{display_address(bind)}/"},
        ]
        for email, name, role in sample_data.logins():
            lines.append(f"  {email:<36} {name} ({role})")
        lines.append(
            _("Password for all of them: %(password)s") % {"password": sample_data.DEMO_PASSWORD}
        )
        lines.append("")
        return "\n".join(lines)


def describe_database(alias: str = "default") -> str:
    database = connections[alias].settings_dict
    if "sqlite" in database["ENGINE"]:
        return _("SQLite, %(file)s") % {"file": database["NAME"]}
    host = database.get("HOST") or "localhost"
    return _("PostgreSQL, database %(name)s on %(host)s") % {"name": database["NAME"], "host": host}
