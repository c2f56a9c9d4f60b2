"""Run as a script by tests/upgrade/test_upgrade.py, with whichever release's code is on the path.

`python dump_tables.py build OUT.json`   migrate an empty database, load the sample library, dump
`python dump_tables.py migrate OUT.json` migrate an existing database to this code's schema, dump

The database is the one the environment names (ALLIES_DATA_DIR or DATABASE_URL). The dump is every
table's rows, by table, each row a list of [column, value] pairs as JSON can hold them.
"""

import json
import os
import sys


def dump(path: str) -> None:
    from django.db import connection

    tables, keys = {}, {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(("django_session", "sqlite_")):
                continue
            keys[table] = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            columns = [c[0] for c in cursor.description]
            rows = [
                [[column, _plain(value)] for column, value in zip(columns, row, strict=True)]
                for row in cursor.fetchall()
            ]
            tables[table] = rows
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "vendor": connection.vendor,
                "keys": keys,
                "tables": tables,
                "broken_keys": broken_foreign_keys(connection),
            },
            handle,
        )


def broken_foreign_keys(connection) -> list[str]:
    """Foreign keys that name a table that does not exist, or rows whose key points nowhere.

    SQLite keeps a foreign key as text in the referencing table's schema, so a table renamed the
    wrong way leaves keys that point at nothing; PostgreSQL follows the table itself."""
    if connection.vendor != "sqlite":
        return []
    problems = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table in sorted(tables):
            cursor.execute(f'PRAGMA foreign_key_list("{table}")')
            for row in cursor.fetchall():
                if row[2] not in tables:
                    problems.append(f"{table}.{row[3]} refers to a missing table {row[2]}")
        cursor.execute("PRAGMA foreign_key_check")
        problems += [f"{row[0]} row {row[1]} points at a missing {row[2]}" for row in cursor]
    return problems


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def main() -> None:
    action, out = sys.argv[1], sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
    import django

    django.setup()
    from django.core.management import call_command

    import allies

    print("code from", os.path.dirname(allies.__file__), file=sys.stderr)
    call_command("migrate", verbosity=0, interactive=False)
    if action == "build":
        from allies import sample_data

        sample_data.load_sample_data()
    dump(out)


if __name__ == "__main__":
    main()
