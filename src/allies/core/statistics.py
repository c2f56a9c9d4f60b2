"""Fresh planner statistics after a large write.

A database plans each query from statistics about its tables. PostgreSQL refreshes them in the
background (autovacuum, about a minute after a tenth of a table changed); SQLite has none until
ANALYZE runs. Until then a table that grew from a few dozen rows to thousands in one import is
planned as if it were still small: on PostgreSQL the directory's search for a word, right after
the Vermont list was imported, read all its organizations instead of the full-text index (about
330 ms against 30 to 55 ms; `bench/search_after_import.py`). After a write of many rows,
`refresh_statistics` brings them up to date at once, for the tables written only (ANALYZE samples
at most 30,000 rows of a table on PostgreSQL: a fraction of a second).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections

# Below this many rows written, the background refresh (or none, for a small table) is enough.
LARGE_WRITE = 1_000


def refresh_statistics(models: Iterable, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """ANALYZE the tables of `models` (each once); the tables, in the order analysed.

    Allowed inside a transaction on both databases (unlike VACUUM), and it sees the rows the
    transaction wrote."""
    connection = connections[using]
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
