"""`allies import`: counts, --json, --dry-run, exit codes, and nothing written on a bad file."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from allies.directory.models import Organization, Person
from allies.matching.features import read_name_words
from allies.matching.models import WordMeaning

VT_SLICE = Path(__file__).parent / "files" / "irs-eo-bmf-vt-300.csv"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_prints_counts(library, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Name,City\nRotary,Riverton\nLions,Riverton\n")
    out, _err = run("organizations", str(path), "--library", "riverton")
    assert "created          2" in out
    assert "errors           0" in out
    out, _err = run("organizations", str(path), "--library", "riverton")
    assert "unchanged        2" in out
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_the_words_of_the_names_are_read_for_the_ranking(library, other_library, tmp_path, capsys):
    path = tmp_path / "partners.csv"
    path.write_text("Name,City\nRiverton Rotary Club,Riverton\nRailway Society,Barre\n")
    run("organizations", str(path), "--library", "riverton")
    assert "Words of names read for meaning" in capsys.readouterr().err  # with its progress bar
    words = set(WordMeaning.objects.filter(library=library).values_list("word", flat=True))
    assert words == {"riverton", "rotary", "club", "railway", "society"}
    assert not WordMeaning.objects.filter(library=other_library).exists()
    # Again: nothing new to read; a dry run reads nothing.
    assert read_name_words(library) == 0
    path.write_text("Name,City\nModel Railroad Club,Barre\n")
    run("organizations", str(path), "--library", "riverton", "--dry-run")
    assert not WordMeaning.objects.filter(word="railroad").exists()
    run("organizations", str(path), "--library", "riverton", "--json")
    assert WordMeaning.objects.filter(library=library, word="railroad").exists()


@pytest.mark.django_db
def test_without_the_model_no_word_is_read(library, tmp_path, settings):
    settings.MEANING_MODEL = "off"
    path = tmp_path / "partners.csv"
    path.write_text("Name,City\nRiverton Rotary Club,Riverton\n")
    run("organizations", str(path), "--library", "riverton")
    assert read_name_words(library) == 0
    assert not WordMeaning.objects.exists()


@pytest.mark.django_db
def test_json_output(library):
    out, _err = run("organizations", str(VT_SLICE), "--library", "riverton", "--json")
    result = json.loads(out)
    assert {"created", "updated", "skipped", "errors"} <= result.keys()
    assert (result["created"], result["updated"], result["skipped"], result["errors"]) == (
        300,
        0,
        0,
        [],
    )
    assert Organization.objects.filter(source="irs-bmf").count() == 300


@pytest.mark.django_db
def test_dry_run_writes_nothing(library):
    out, _err = run("organizations", str(VT_SLICE), "--library", "riverton", "--dry-run", "--json")
    assert json.loads(out)["created"] == 300
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_error_rows_exit_non_zero_with_the_rows_and_write_nothing(library, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,E-mail\nDana,dana@example.org\nSam,sam@@example\n")
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "people", str(path), "--library", "riverton", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["errors"][0]["row"] == 3
    assert "sam@@example" in result["errors"][0]["message"]
    assert result["created"] == 0
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_bad_file_exits_non_zero_with_a_clear_message(library, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = StringIO()
    with pytest.raises(
        CommandError, match="not a spreadsheet Allies can read.*Nothing was imported"
    ):
        call_command(
            "import", "organizations", str(path), "--library", "riverton", "--json", stdout=out
        )
    assert json.loads(out.getvalue())["errors"][0]["row"] is None
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_unknown_library_and_missing_file(library, tmp_path):
    with pytest.raises(CommandError, match="No library"):
        run("organizations", str(VT_SLICE), "--library", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run("organizations", str(tmp_path / "missing.csv"), "--library", "riverton")


@pytest.mark.django_db
def test_forced_format(library, tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Name,City\nRotary,Riverton\n")
    with pytest.raises(CommandError, match="IRS"):
        run("organizations", str(path), "--library", "riverton", "--format", "irs-bmf")


def test_exit_codes_of_the_real_command(tmp_path):
    """Through the `allies` entry point, on a database of its own."""
    env = {"ALLIES_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def allies(*args):
        command = [sys.executable, "-m", "allies.cli", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603

    assert allies("migrate", "-v0").returncode == 0
    assert allies("createlibrary", "riverton", "--name", "Riverton").returncode == 0
    good = allies("import", "organizations", str(VT_SLICE), "--library", "riverton", "--json")
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["created"] == 300
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("Name,ZIP\nA,123\n")
    bad = allies("import", "organizations", str(bad_file), "--library", "riverton")
    assert bad.returncode == 1
    assert "Row 2: the ZIP code '123' is too short" in bad.stderr
    assert "Nothing was imported" in bad.stderr


@pytest.mark.django_db
def test_bench_import_reports_its_figures_and_leaves_nothing_behind(library):
    out = StringIO()
    call_command("bench", "import", "--json", "--file", str(VT_SLICE), stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["rows"] == 300 and figures["created"] == 300
    assert figures["reimport_unchanged"] == 300
    assert figures["seconds"] > 0 and figures["rows_per_s"] > 0
    # Times are for the benchmark to report, not for a test to judge: only the shape is checked.
    assert figures["baseline_seconds"] > 0 and figures["ratio"] > 0
    assert not Organization.objects.exists()  # the benchmark's library was rolled back


@pytest.mark.django_db
def test_import_counts_rows_that_look_like_an_existing_organization(library, tmp_path):
    Organization.objects.create(
        library=library, name="Lantern House Youth Shelter", city="Riverton"
    )
    path = tmp_path / "partners.csv"
    path.write_text("Name,City\nLantern House,Riverton\nRiverton Garden Club,Riverton\n")
    out, _err = run("organizations", str(path), "--library", "riverton", "--json")
    result = json.loads(out)
    assert result["created"] == 2 and result["possible_duplicates"] == 1
    assert any("Lantern House Youth Shelter" in w["message"] for w in result["warnings"])
    assert Organization.objects.count() == 3  # created all the same, for the list to resolve
    # In an empty library nothing is compared (and the IRS import pays nothing for it).
    out, _err = run("organizations", str(path), "--library", "riverton")
    assert "look like one already" not in out
