"""A backup taken while another process writes is one moment of the database: every row it holds
points to rows it also holds."""

import os
import subprocess
import sys
import time
from datetime import date

import pytest
from django.db import connections

from allies.core.backup.archive import Archive
from allies.core.backup.databases import database_url
from tests.backup.helpers import restore

# Each round: an organization and its partnership in one transaction, then a contact with that
# partnership in the next. A backup that read the partnerships before a round and the contacts
# after it would hold a contact whose partnership it does not have.
WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "allies.settings"
django.setup()
from django.db import transaction
from allies.directory.models import Organization
from allies.libraries.models import Library
from allies.partnerships.models import Partnership
from allies.stewardship.models import Contact

stop, progress = sys.argv[1], sys.argv[2]
library = Library.objects.get(slug="busy")
rounds = 0
while not os.path.exists(stop):
    with transaction.atomic():
        organization = Organization.objects.create(library=library, name=f"Walk-in {rounds}")
        partnership = Partnership.objects.create(library=library, organization=organization)
    Contact.objects.create(library=library, partnership=partnership, kind="visit")
    rounds += 1
    with open(progress + ".tmp", "w") as file:
        file.write(str(rounds))
    os.replace(progress + ".tmp", progress)
"""


def _environment(alias: str, tmp_path) -> dict:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    environ["DATABASE_URL"] = database_url(connections[alias].settings_dict)
    environ["ALLIES_DATA_DIR"] = str(tmp_path / "data")
    return environ


def _rounds(progress) -> int:
    try:
        return int(progress.read_text())
    except (FileNotFoundError, ValueError):
        return 0


def _fill(alias: str) -> None:
    """A busy library: enough rows that reading them takes a while."""
    from allies.directory.models import Organization
    from allies.libraries.models import Library
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import Contact

    # bulk_create: no signal makes rows for it in the suite's own database.
    [library] = Library.objects.using(alias).bulk_create([Library(name="Busy", slug="busy")])
    organizations = Organization.objects.using(alias).bulk_create(
        Organization(library=library, name=f"Partner {n}") for n in range(1000)
    )
    partnerships = Partnership.objects.using(alias).bulk_create(
        Partnership(library=library, organization=organization) for organization in organizations
    )
    Contact.objects.using(alias).bulk_create(
        Contact(
            library=library,
            partnership=partnerships[n % 1000],
            kind="call",
            happened_on=date(2025, 1, 1),
        )
        for n in range(10_000)
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_another_process_writes_is_consistent(second_allies, tmp_path):
    _fill(second_allies)
    environ = _environment(second_allies, tmp_path)
    stop, progress, path = tmp_path / "stop", tmp_path / "progress", tmp_path / "busy.zip"
    writer = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", WRITER, str(stop), str(progress)],
        env=environ,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while _rounds(progress) < 10 and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        before = _rounds(progress)
        assert before >= 10, writer.stderr.read() if writer.poll() is not None else "no writes"
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "allies.cli", "backup", str(path)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
        after = _rounds(progress)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert writer.returncode == 0, writer.stderr.read()
    assert after > before, "the writer was not writing while the backup ran"

    with Archive(path) as archive:
        ids = {}
        for label in ("directory.organization", "partnerships.partnership"):
            ids[label] = {row[0] for row in archive.rows(archive.table(label))}
        partnership = archive.table("partnerships.partnership")
        contact = archive.table("stewardship.contact")
        organization_of = partnership["columns"].index("organization_id")
        partnership_of = contact["columns"].index("partnership_id")
        orphans = [
            row
            for row in archive.rows(partnership)
            if row[organization_of] not in ids["directory.organization"]
        ]
        orphans += [
            row
            for row in archive.rows(contact)
            if row[partnership_of] not in ids["partnerships.partnership"]
        ]
        assert not orphans, f"{len(orphans)} rows point to rows the backup does not hold"
        assert 1000 + before <= len(ids["partnerships.partnership"]) <= 1000 + after
    restore(path)  # foreign keys are checked again as it goes in
