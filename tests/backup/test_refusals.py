"""A restore refuses what it cannot restore whole, says why, and writes nothing: a file cut short,
a damaged file, a file that is not a backup, a backup from a newer Allies, a database that already
holds data (without --replace)."""

import json
import os
import zipfile

import pytest
from django.core.management.base import CommandError

from tests.backup.helpers import backup, database_rows, restore


@pytest.fixture
def site(library, owner, staff):
    """A small library with a partnership (and its history) and a logged contact."""
    from allies.directory.models import Organization
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import Contact

    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    partnership = Partnership.objects.create(library=library, organization=organization)
    Contact.objects.create(
        library=library, partnership=partnership, kind="meeting", logged_by=staff, note="Lunch"
    )
    return library


@pytest.fixture
def good_file(site, tmp_path):
    path = tmp_path / "good.zip"
    backup(path)
    return path


def refused(path, *args) -> str:
    with pytest.raises(CommandError) as refusal:
        restore(path, *args)
    return str(refusal.value)


@pytest.mark.django_db(transaction=True)
def test_a_file_cut_short_is_refused_and_nothing_is_written(good_file, tmp_path):
    before = database_rows("default")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good_file.read_bytes()[: good_file.stat().st_size * 2 // 3])
    assert "incomplete Allies backup" in refused(cut, "--replace")
    assert database_rows("default") == before


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_is_refused_and_nothing_is_written(good_file, tmp_path):
    before = database_rows("default")
    with zipfile.ZipFile(good_file) as archive:
        member = archive.getinfo("tables/stewardship.contact.jsonl")
    data = bytearray(good_file.read_bytes())
    # One flipped byte inside the compressed rows of the contact log.
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    data[start + member.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    message = refused(damaged, "--replace")
    assert "is damaged" in message and "stewardship.contact" in message
    assert database_rows("default") == before


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_backup_is_refused(site, tmp_path):
    before = database_rows("default")
    noise = tmp_path / "noise.zip"
    noise.write_bytes(os.urandom(50_000))
    assert "is not an Allies backup" in refused(noise, "--replace")
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "photos"}))
    assert "is not an Allies backup" in refused(other_zip, "--replace")
    assert "There is no file" in refused(tmp_path / "missing.zip")
    assert "is a folder, not a backup file" in refused(tmp_path)
    assert database_rows("default") == before


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_a_newer_allies_is_refused(good_file, tmp_path):
    before = database_rows("default")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good_file) as source, zipfile.ZipFile(newer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append("stewardship.9999_from_the_future")
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    message = refused(newer, "--replace")
    assert "newer version of Allies" in message and "stewardship.9999_from_the_future" in message
    assert database_rows("default") == before


@pytest.mark.django_db(transaction=True)
def test_a_database_with_data_is_refused_without_replace(good_file):
    from allies.directory.models import Organization

    Organization.objects.filter(name="Riverton Rotary Club").update(name="Changed since")
    before = database_rows("default")
    assert "already holds data" in refused(good_file)
    assert database_rows("default") == before
    # With --replace the database becomes the backup again.
    restore(good_file, "--replace")
    assert Organization.objects.get().name == "Riverton Rotary Club"


@pytest.mark.django_db(transaction=True)
def test_backup_does_not_overwrite_a_file_unless_asked(site, tmp_path):
    path = tmp_path / "nightly.zip"
    path.write_text("yesterday's backup")
    with pytest.raises(CommandError, match="exists already"):
        backup(path)
    assert path.read_text() == "yesterday's backup"
    backup(path, "--overwrite")
    assert zipfile.is_zipfile(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # it holds password hashes
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db(transaction=True)
def test_backup_into_a_folder_or_where_it_cannot_write_says_so(site, tmp_path):
    """`allies backup backups/` (a folder, not a file) used to end in a traceback after writing the
    whole backup beside the folder, as backups.partial."""
    folder = tmp_path / "backups"
    folder.mkdir()
    for args in ((), ("--overwrite",)):
        with pytest.raises(CommandError, match="is a folder") as refusal:
            backup(folder, *args)
        assert "allies-" in str(refusal.value)  # it suggests a file name
    assert not list(tmp_path.glob("*.partial"))
    (folder / "allies.zip.partial").mkdir()  # a name the backup cannot write to
    with pytest.raises(CommandError, match="could not be written") as refusal:
        backup(folder / "allies.zip")
    assert "allies.zip" in str(refusal.value)
    assert not (folder / "allies.zip").exists()
