"""Every sentence a template shows is inside a translation tag (issue 19, no drift).

The templates are read with Django's own lexer: text outside `{% translate %}`, `{% blocktranslate %}`,
comments and template tags, with the HTML tags, scripts, styles and code samples taken out, must hold
no word; nor may the attributes people read (title, alt, placeholder, aria-label).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "allies"
# The product's name is the same in every language.
NOT_TRANSLATED = {"Allies"}
OPENS = {"blocktranslate", "blocktrans", "comment", "verbatim"}
CLOSES = {"endblocktranslate", "endblocktrans", "endcomment", "endverbatim"}


def shown_text(source: str) -> str:
    """The template's text outside every tag, translation and comment; tags stand as \\x01."""
    kept, inside = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            inside += (name in OPENS) - (name in CLOSES)
            kept.append("\x01")
        elif token.token_type == TokenType.TEXT and not inside:
            kept.append(token.contents)
        else:
            kept.append("\x01")
    return "".join(kept)


def untranslated(source: str) -> list[str]:
    text = shown_text(source)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<(script|style|code)\b.*?</\1>", " ", text, flags=re.S)
    found = [
        value
        for value in re.findall(r'\b(?:title|alt|placeholder|aria-label)="([^"]*)"', text)
        if set(re.findall(r"[A-Za-z][A-Za-z']+", value)) - NOT_TRANSLATED
    ]
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&[a-z#0-9]+;", " ", text)
    for line in text.splitlines():
        if set(re.findall(r"[A-Za-z][A-Za-z']+", line)) - NOT_TRANSLATED:
            found.append(line.replace("\x01", " ").strip())
    return found


def templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if "templates" in path.parts and path.suffix in (".html", ".txt", ".svg", ".ics")
    ]


def test_the_check_finds_words_outside_translation_tags():
    assert untranslated('<p title="Open it">{% translate "Saved" %} Saved twice</p>') == [
        "Open it",
        "Saved twice",
    ]
    assert (
        untranslated(
            '{% load i18n %}<p class="note" {% if x %}hidden{% endif %}>{% blocktranslate %}'
            "Hello {{ name }}{% endblocktranslate %} · Allies</p><code>curl -H x</code>"
        )
        == []
    )


def test_every_template_shows_only_translated_text():
    paths = templates()
    assert len(paths) > 100, "the templates were not found"
    problems = {
        str(path.relative_to(TEMPLATES)): words
        for path in paths
        if (words := untranslated(path.read_text(encoding="utf-8")))
    }
    assert problems == {}, problems


def test_no_string_is_translated_once_at_import_time():
    """`gettext` outside a function runs once, in the language of whoever imported the module
    first: a module or class level string must use `gettext_lazy`."""
    import ast

    eager_calls = []
    for path in sorted(TEMPLATES.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        eager = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in ("gettext", "ngettext", "pgettext", "npgettext")
        }
        stack = list(ast.iter_child_nodes(tree))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in eager:
                eager_calls.append(f"{path.relative_to(TEMPLATES)}:{node.lineno}")
            stack.extend(ast.iter_child_nodes(node))
    assert eager_calls == []


def test_full_dates_follow_each_languages_word_order():
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load dates %}{{ day|weekday_date }} · {{ day|full_date }}")
    day = Context({"day": datetime.date(2026, 12, 3)})
    written = {}
    for language in ("en", "es", "fr"):
        with translation.override(language):
            written[language] = template.render(day)
    assert written == {
        "en": "Thursday 3 December 2026 · 3 December 2026",
        "es": "jueves 3 de diciembre de 2026 · 3 de diciembre de 2026",
        "fr": "jeudi 3 décembre 2026 · 3 décembre 2026",
    }
    assert Template("{% load dates %}{{ day|full_date }}").render(Context({"day": None})) == ""


def test_the_command_line_speaks_the_terminals_language():
    from allies.core.languages import terminal_language

    assert terminal_language({"LANG": "es_ES.UTF-8"}) == "es"
    assert terminal_language({"LANG": "fr_CA.UTF-8", "LC_ALL": ""}) == "fr"
    assert terminal_language({"LANGUAGE": "de:fr", "LANG": "es_ES.UTF-8"}) == "fr"
    assert terminal_language({"LC_ALL": "de_DE.UTF-8", "LANG": "es_ES.UTF-8"}) is None
    assert terminal_language({"ALLIES_LANGUAGE": "en", "LANG": "es_ES.UTF-8"}) == "en"
    assert terminal_language({"LANG": "C.UTF-8"}) is None
    assert terminal_language({"LANG": "de_DE.UTF-8"}) is None
    assert terminal_language({}) is None


def test_the_allies_command_answers_in_the_terminals_language(tmp_path):
    """`allies` itself, run as an administrator would with a Spanish or French locale."""
    import os
    import subprocess
    import sys

    from django.utils import translation

    missing = tmp_path / "missing.zip"
    said = {}
    for variable, value, language in (
        ("ALLIES_LANGUAGE", "es", "es"),
        ("LANG", "fr_CA.UTF-8", "fr"),
        ("LANG", "C.UTF-8", "en"),
    ):
        locale = ("ALLIES_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
        environ = {k: v for k, v in os.environ.items() if k not in locale}
        environ.update({variable: value, "ALLIES_DATA_DIR": str(tmp_path)})
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-m", "allies.cli", "restore", str(missing)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )
        with translation.override(language):
            expected = translation.gettext("There is no file %(path)s.") % {"path": missing}
        said[language] = expected in result.stderr
    assert said == {"es": True, "fr": True, "en": True}
