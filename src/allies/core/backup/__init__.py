"""Backups: the whole site (or one library) in one file, and back into a database.

What a backup file is (`allies backup FILE`; the rules a restore holds it to are in `restore.py`):

- A ZIP file. Its first member, `ALLIES-BACKUP`, is stored uncompressed so that even a file cut
  short is recognised as a backup; `manifest.json` says what the file holds; every table is one
  compressed member `tables/<app>.<model>.jsonl`, one JSON array of values per line, in the order
  of the columns the manifest lists, rows sorted by primary key.
- The manifest records the format version, the scope (the whole site, or one library with its
  members), the migrations applied to the database it came from (the schema version), and for
  every table its columns, its row count, its first and last id and the SHA-256 of its member.
- Every table of every installed app is carried, found through Django's app registry, so a table
  added later is carried without a change here: django-simple-history's historical tables and the
  many-to-many tables included. Four are not carried as rows: sign-in sessions (a restore signs
  everybody out), the queue of background jobs (a queued import is marked as stopped after a
  day), and the content types and permissions that `migrate` makes in each database
  with ids of its own; the manifest names them (app, model, codename) and a restore maps them onto
  the target's ids.
- A backup reads the database as it was at one moment while the site goes on writing: a second
  connection in one read transaction (SQLite's WAL snapshot, PostgreSQL's repeatable read), tables
  streamed row by row, never a whole table in memory.

Uploaded spreadsheets and contact files are kept in the database (on their import record), so
there is no folder of uploads beside it. The secret key is not in a backup: keep `SECRET_KEY` (or
the data folder's `secret_key`) apart, as invitation and password-reset links are signed with it.
"""


class BackupRefused(Exception):
    """A backup or restore that stopped before writing anything, with a message for the person."""


def progress_bars(stream):
    """A progress bar maker for the commands: shown on a terminal, silent under cron."""
    from django.utils.translation import gettext as _
    from tqdm import tqdm

    def progress(total: int, desc: str):
        return tqdm(total=total, desc=desc, unit=" " + _("rows"), file=stream, disable=None)

    return progress
