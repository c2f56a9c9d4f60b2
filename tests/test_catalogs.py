"""No drift between the code and the Spanish and French catalogs (docs/translating.md).

For each catalog in src/allies/locale/<language>/LC_MESSAGES/django.po:
- it compiles with `msgfmt --check` (placeholders of python-format strings, header) and has no
  untranslated and no fuzzy message (`msgfmt --statistics`);
- every string the code marks for translation, extracted again by `makemessages` from a copy of
  the code, has a translation in it (`msgcmp`);
- no translation drops or invents a `%(name)s` placeholder, in python-format or not.

A language whose catalog is not in the tree yet is skipped, saying so; the others must pass.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

import allies

PACKAGE = Path(allies.__file__).resolve().parent
LANGUAGES = ["es", "fr"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifr]")


def catalog(language: str) -> Path:
    po = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
    if not po.exists():
        pytest.skip(f"no {language} catalog yet ({po.relative_to(PACKAGE.parent.parent)})")
    return po


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install gettext (apt-get install gettext)")
    return found


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The template of every marked string, extracted from a copy of the code (the catalogs in
    the tree are never touched)."""
    tool("xgettext")
    copy = tmp_path_factory.mktemp("extract") / "allies"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (copy / "locale").mkdir()
    here = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["es"], keep_pot=True, verbosity=0)
    finally:
        os.chdir(here)
    return copy / "locale" / "django.pot"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_is_complete_and_compiles(language):
    po = catalog(language)
    result = run(tool("msgfmt"), "--check", "--statistics", "-o", os.devnull, str(po))
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_translated(language, extracted):
    po = catalog(language)
    result = run(tool("msgcmp"), "--no-fuzzy-matching", str(po), str(extracted))
    pot = extracted.read_text(encoding="utf-8").splitlines()
    missing = [
        msgid_before(pot, int(found.group(1)))
        for found in re.finditer(
            r"\.pot:(\d+): this message is used but not defined", result.stderr
        )
    ]
    assert result.returncode == 0, (
        f"{len(missing)} string(s) marked in the code are not translated in {language} "
        "(update the catalog with makemessages, docs/translating.md):\n" + "\n".join(missing[:40])
    )


def msgid_before(lines: list[str], number: int) -> str:
    """The msgid of the entry whose line `number` (from 1) msgcmp names."""
    index = number - 1
    while index > 0 and not lines[index].startswith("msgid "):
        index -= 1
    text = lines[index][len("msgid ") :]
    for line in lines[index + 1 :]:
        if not line.startswith('"'):
            break
        text += line
    return text.replace('""', "")


def compiled_entries(mo: Path) -> list[tuple[list[str], list[str]]]:
    """(msgid and msgid_plural, the translated forms) of each message of a .mo file, read as the
    GNU format lays it out (Python's gettext module forgets msgid_plural)."""
    data = mo.read_bytes()
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    count, originals, translations = struct.unpack(order + "3I", data[8:20])
    entries = []
    for index in range(count):
        texts = []
        for table in (originals, translations):
            length, offset = struct.unpack_from(order + "2I", data, table + 8 * index)
            texts.append(data[offset : offset + length].decode("utf-8").split("\x00"))
        entries.append((texts[0], texts[1]))
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_drops_a_placeholder(language, tmp_path):
    po = catalog(language)
    mo = tmp_path / "django.mo"
    assert run(tool("msgfmt"), "-o", str(mo), str(po)).returncode == 0
    wrong = []
    for originals, forms in compiled_entries(mo):
        originals = [text.split("\x04")[-1] for text in originals]  # without the context
        if not originals[0]:
            continue  # the header
        names = [set(PLACEHOLDER.findall(text)) for text in originals]
        every, some = set.intersection(*names), set.union(*names)
        for form in forms:
            found = set(PLACEHOLDER.findall(form))
            # A plural form may leave out the count ("un socio"), never another name; nothing
            # may be invented.
            if found - some or every - found:
                wrong.append(f"{originals[-1]!r} → {form!r}")
    assert not wrong, f"{len(wrong)} translation(s) with other placeholders:\n" + "\n".join(
        wrong[:20]
    )
