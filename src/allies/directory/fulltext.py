"""The full-text index of organizations, one per database engine, and the SQL that queries it.

SQLite: an FTS5 table, `directory_organization_fts`, with the organization table as its external
content (the text is not stored twice, only the index), kept in step by three triggers on the
organization table. Django rebuilds a SQLite table to alter it (new table, copy, drop, rename),
which drops its triggers: after every `migrate` the triggers are checked and, if one is missing,
made again and the index rebuilt from the rows (`ensure_sqlite_index`).

PostgreSQL: a GIN expression index over a weighted tsvector of the same columns; nothing to keep
in step, PostgreSQL updates an index with its row.

Both use the same columns and weights: the name first (A), then mission, interests and needs (B),
then notes and city (C), then `search_text` (D), which holds all of them and the NTEE title, the
only place the title is stored. Both cut text into words without stemming (FTS5 `unicode61`,
PostgreSQL's 'simple' configuration), because the library's language may be English, Spanish or
French and stemming in the wrong language finds less, not more; "home" still finds "Homeless"
because every word is searched as a prefix.

A query is never the user's text: `terms` keeps only the letters and digits of each word, and the
engine's query is written from those tokens alone (quoted, so FTS5 keywords such as AND or NEAR
and tsquery operators are plain words).
"""

from __future__ import annotations

import re

from django.db import connection as default_connection
from django.db.models import BooleanField, F, FloatField, Func, Value

SQLITE_TABLE = "directory_organization_fts"
ORGANIZATION_TABLE = "directory_organization"
COLUMNS = ("name", "mission", "current_interests", "needs", "notes", "city", "search_text")
# FTS5's bm25() takes one weight per column, in the order of COLUMNS.
SQLITE_WEIGHTS = (10.0, 5.0, 5.0, 5.0, 2.0, 2.0, 1.0)
# ts_rank_cd's weights of D, C, B and A.
POSTGRESQL_WEIGHTS = "ARRAY[0.1, 0.2, 0.5, 1.0]::float4[]"
POSTGRESQL_INDEX = "org_search_vector"
_TRIGGERS = {
    f"{SQLITE_TABLE}_insert": (
        "AFTER INSERT ON {table} BEGIN "
        "INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new}); END"
    ),
    f"{SQLITE_TABLE}_delete": (
        "AFTER DELETE ON {table} BEGIN "
        "INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old}); END"
    ),
    # Only when a searched column changes: touching `updated_at` leaves the index alone.
    f"{SQLITE_TABLE}_update": (
        "AFTER UPDATE OF {columns} ON {table} BEGIN "
        "INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old}); "
        "INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new}); END"
    ),
}
_TOKEN = re.compile(r"[^\W_]+")


def tokens(word: str) -> list[str]:
    """The letters-and-digits runs of `word`, lower case: what both engines index it as."""
    return _TOKEN.findall(word.lower())


def vendor(connection=None) -> str:
    return (connection or default_connection).vendor


# SQLite -------------------------------------------------------------------------------------------


def _sqlite_statements() -> dict[str, str]:
    names = {
        "table": ORGANIZATION_TABLE,
        "fts": SQLITE_TABLE,
        "columns": ", ".join(COLUMNS),
        "new": ", ".join(f"new.{c}" for c in COLUMNS),
        "old": ", ".join(f"old.{c}" for c in COLUMNS),
    }
    return {name: body.format(**names) for name, body in _TRIGGERS.items()}


def ensure_sqlite_index(connection=None, *, rebuild: bool = False) -> bool:
    """Make the FTS5 table and its triggers if any is missing, and then (or when asked) fill the
    index from every organization. True when the index was rebuilt."""
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND name LIKE %s)",
            [SQLITE_TABLE, f"{SQLITE_TABLE}_%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in [SQLITE_TABLE, *_TRIGGERS] if name not in present]
        if SQLITE_TABLE in missing:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5({', '.join(COLUMNS)}, "
                f"content='{ORGANIZATION_TABLE}', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
            )
        for name, body in _sqlite_statements().items():
            if name in missing:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        if missing or rebuild:
            rebuild_sql = f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')"  # noqa: S608 - constant names
            cursor.execute(rebuild_sql)
            return True
    return False


def drop_sqlite_index(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for name in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


def sqlite_query(words_tokens: list[list[str]]) -> str:
    """An FTS5 query: each word a quoted phrase whose last token is a prefix, all of them (AND)."""
    return " AND ".join('"' + " ".join(t) + '"*' for t in words_tokens if t)


# PostgreSQL ---------------------------------------------------------------------------------------

# The tsvector of an organization, with {0}... the columns of COLUMNS. The index is made from it
# with bare column names and queries use it with the table's name or alias, so PostgreSQL sees the
# same expression and uses the index.
VECTOR_SQL = (
    "(setweight(to_tsvector('simple'::regconfig, {0}), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, {1} || ' ' || {2} || ' ' || {3}), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, {4} || ' ' || {5}), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, {6}), 'D'))"
)


def create_postgresql_index(schema_editor) -> None:
    vector = VECTOR_SQL.format(*(schema_editor.quote_name(c) for c in COLUMNS))
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {POSTGRESQL_INDEX} ON {ORGANIZATION_TABLE} "
        f"USING gin ({vector})"
    )


def drop_postgresql_index(schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {POSTGRESQL_INDEX}")


def postgresql_query(words_tokens: list[list[str]], joiner: str) -> str:
    """A tsquery: each word its tokens in a row (<->), the last one a prefix (:*), the words
    joined by `joiner` ("&" or "|"). Tokens are letters and digits only, quoted."""
    phrases = ["(" + " <-> ".join(f"'{token}'" for token in t) + ":*)" for t in words_tokens if t]
    return f" {joiner} ".join(phrases)


# Expressions --------------------------------------------------------------------------------------


class _OrganizationSql(Func):
    """SQL written around the organization's columns ({0}... in the order of COLUMNS, then {pk}),
    each resolved as Django resolves a column, so the table's alias in a subquery is right."""

    def __init__(self, sql: str, params: tuple = (), *, output_field):
        super().__init__(*(F(c) for c in COLUMNS), F("pk"), output_field=output_field)
        self.sql = sql
        self.params = tuple(params)

    def as_sql(self, compiler, connection, **extra_context):
        columns = []
        for expression in self.get_source_expressions():
            sql, params = compiler.compile(expression)
            assert not params
            columns.append(sql)
        *text, pk = columns
        return self.sql.format(*text, pk=pk), list(self.params)


def matches(word_tokens: list[str], connection=None) -> _OrganizationSql:
    """True for the organizations whose indexed text has the word (its last token as a prefix)."""
    if vendor(connection) == "postgresql":
        # The rows found through the GIN index, as a set the outer query looks each row up in
        # (an OR with the people there, written as `vector @@ query`, would compute every row's
        # tsvector instead).
        vector = VECTOR_SQL.format(*(f'found."{c}"' for c in COLUMNS))
        sql = (
            f"{{pk}} IN (SELECT found.id FROM {ORGANIZATION_TABLE} found "  # noqa: S608 - constants
            f"WHERE {vector} "
            "@@ to_tsquery('simple'::regconfig, %s))"
        )
        return _OrganizationSql(
            sql, (postgresql_query([word_tokens], "&"),), output_field=BooleanField()
        )
    sql = f"{{pk}} IN (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s)"  # noqa: S608
    return _OrganizationSql(sql, (sqlite_query([word_tokens]),), output_field=BooleanField())


def score(words_tokens: list[list[str]], connection=None) -> _OrganizationSql | Value:
    """How well the organization's text matches the words, higher is better; 0 when its text
    lacks one (it was found through the people there, or a word as typed): ts_rank_cd on
    PostgreSQL, bm25 (negated) on SQLite, with the column weights above. All the words, not any:
    FTS5 then scores only the few rows that have them all, not every row with one."""
    if not any(words_tokens):
        return Value(0.0, output_field=FloatField())
    if vendor(connection) == "postgresql":
        sql = (
            f"CAST(ts_rank_cd({POSTGRESQL_WEIGHTS}, {VECTOR_SQL}, "
            "to_tsquery('simple'::regconfig, %s)) AS double precision)"
        )
        return _OrganizationSql(
            sql, (postgresql_query(words_tokens, "&"),), output_field=FloatField()
        )
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    # The scores of every row the query matches, computed once (MATERIALIZED) and looked up for
    # each organization: `MATCH ... AND rowid = ...` for each row would read a prefix's whole list
    # of rows again for each (about 60 s for "club*" over 13,000 matches, against 0.2 s).
    sql = (
        f"COALESCE((WITH scores(id, score) AS MATERIALIZED ("  # noqa: S608 - constant names
        f"SELECT rowid, -bm25({SQLITE_TABLE}, {weights}) FROM {SQLITE_TABLE} "
        f"WHERE {SQLITE_TABLE} MATCH %s) SELECT score FROM scores WHERE id = {{pk}}), 0.0)"
    )
    return _OrganizationSql(sql, (sqlite_query(words_tokens),), output_field=FloatField())


def near_word(word: str) -> _OrganizationSql:
    """PostgreSQL: the search text has a word close to `word` (pg_trgm, served by the trigram
    index of directory 0004)."""
    return _OrganizationSql("%s <%% {6}", (word,), output_field=BooleanField())


def word_closeness(word: str) -> _OrganizationSql:
    """PostgreSQL: how close (0 to 1) the closest word of the search text is to `word`."""
    return _OrganizationSql("word_similarity(%s, {6})", (word,), output_field=FloatField())
