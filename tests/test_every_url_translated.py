"""Every page of a library, asked for in Spanish and in French, shows no English sentence (issue 19).

The walk of tests/test_every_url.py, with `Accept-Language`: the rendered text of each page is
compared with the English sentences of the catalog (each msgid of four words or more whose
translation differs). The page also says which language it is in (`<html lang>`). The library's own
records are left out of the comparison: its starting audiences and resources were written in
English when it was made, and staff rename them as they like.
"""

from __future__ import annotations

import gettext
import html
import re
import subprocess
from pathlib import Path

import pytest

from tests.test_every_url import POST_ONLY, all_library_urls, records  # noqa: F401

LOCALE = Path(__file__).resolve().parent.parent / "src" / "allies" / "locale"


def english_sentences(language: str, tmp_path: Path) -> set[str]:
    """The catalog's English sentences: four words or more, no placeholder, translated differently."""
    compiled = tmp_path / f"{language}.mo"
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "-o", str(compiled), str(source)], check=True)  # noqa: S603, S607
    with compiled.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog  # noqa: SLF001 - the parsed catalog
    sentences = set()
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not msgid or msgid == msgstr:
            continue
        text = " ".join(re.sub(r"<[^>]+>", " ", msgid).split())
        if re.search(r"%|\{", text) or len(text.split()) < 4:
            continue
        sentences.add(text)
    return sentences


def shown_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_library_page_speaks_the_language_asked_for(
    owner_client,
    records,  # noqa: F811
    language,
    tmp_path,
):
    from allies.directory.models import Audience, Resource

    owned = {
        *Audience.objects.values_list("name", flat=True),
        *Resource.objects.values_list("name", flat=True),
    }
    english = english_sentences(language, tmp_path) - owned
    assert len(english) > 500, "the catalog's sentences were not read"
    failures = []
    pages = 0
    for name, path in all_library_urls(records):
        if name in POST_ONLY:
            continue
        response = owner_client.get(path, headers={"accept-language": language})
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        page = response.content.decode()
        if "<html" in page and f'<html lang="{language}"' not in page:
            failures.append(f"{name}: <html lang> is not {language}")
        text = shown_text(page)
        left = sorted(sentence for sentence in english if sentence in text)
        if left:
            failures.append(f"{name} {path}: {left[:3]}")
    assert pages > 50, pages
    assert not failures, "\n".join(failures)
