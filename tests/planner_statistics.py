"""What a database's planner statistics say of a table (for tests of `allies.core.statistics`)."""

from django.db import connections


def rows_in_statistics(table: str, using: str = "default") -> int | None:
    """How many rows the statistics say `table` has; None when it has none yet."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (value,) = cursor.fetchone()
            return None if value < 0 else int(value)
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        found = cursor.fetchone()
        return None if found is None else int(found[0].split()[0])
