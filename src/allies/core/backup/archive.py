"""The backup file itself: writing it member by member, and reading it back with every check a
restore makes before it writes anything (see the format in `allies/core/backup/__init__.py`)."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _

from allies.core.backup import BackupRefused
from allies.core.backup.tables import encode

FORMAT = "allies-backup"
FORMAT_VERSION = 1
MARKER = "ALLIES-BACKUP"
MANIFEST = "manifest.json"
CHUNK = 1 << 16


class TableWriter:
    """Rows of one table, written as JSON lines into one compressed member."""

    def __init__(self, stream):
        self._stream = stream
        self._digest = hashlib.sha256()
        self._pending: list[bytes] = []
        self._size = 0
        self.rows = 0

    def write(self, row) -> None:
        line = json.dumps(row, default=encode, ensure_ascii=False, separators=(",", ":"))
        data = line.encode("utf-8") + b"\n"
        self._pending.append(data)
        self._size += len(data)
        self.rows += 1
        if self._size >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        data = b"".join(self._pending)
        self._digest.update(data)
        self._stream.write(data)
        self._pending, self._size = [], 0

    def finish(self) -> str:
        self._flush()
        return self._digest.hexdigest()


class ArchiveWriter:
    """A backup file being written: the marker first, tables, then the manifest."""

    def __init__(self, path: Path):
        # Created readable by its owner only: it holds every member's password hash.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        self._zip = zipfile.ZipFile(self._file, "w", compression=zipfile.ZIP_DEFLATED)
        self._zip.writestr(
            zipfile.ZipInfo(MARKER), f"{FORMAT} {FORMAT_VERSION}\n", zipfile.ZIP_STORED
        )

    @contextmanager
    def table(self, member: str) -> Iterator[TableWriter]:
        info = zipfile.ZipInfo(member, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(info, "w", force_zip64=True) as stream:
            yield TableWriter(stream)

    def finish(self, manifest: dict) -> None:
        info = zipfile.ZipInfo(MANIFEST, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, json.dumps(manifest, indent=1, ensure_ascii=False))
        self._zip.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def abandon(self) -> None:
        self._zip.close()
        self._file.close()


class Archive:
    """A backup file opened for reading; opening it refuses what is not a whole Allies backup."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if self.path.is_dir():
            raise BackupRefused(_("%(path)s is a folder, not a backup file.") % {"path": self.path})
        if not self.path.is_file():
            raise BackupRefused(_("There is no file %(path)s.") % {"path": self.path})
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            if _starts_like_a_backup(self.path):
                raise BackupRefused(
                    _(
                        "%(path)s is an incomplete Allies backup: it ends before its table of "
                        "contents (a copy cut short, or a disk that filled up while it was written)."
                    )
                    % {"path": self.path}
                ) from error
            raise _not_a_backup(self.path) from error
        names = set(self._zip.namelist())
        if MARKER not in names or MANIFEST not in names:
            raise _not_a_backup(self.path)
        try:
            self.manifest = json.loads(self._zip.read(MANIFEST))
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
            raise _damaged(self.path, MANIFEST) from error
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise _not_a_backup(self.path)
        version = self.manifest.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BackupRefused(
                _(
                    "%(path)s was written by a newer version of Allies (backup format %(version)s). "
                    "Upgrade Allies, then restore it."
                )
                % {"path": self.path, "version": version}
            )
        missing = [entry["member"] for entry in self.tables if entry["member"] not in names]
        if missing:
            raise _damaged(self.path, missing[0])

    @property
    def tables(self) -> list[dict]:
        return self.manifest["tables"]

    @property
    def scope(self) -> str:
        return self.manifest["scope"]

    @property
    def migrations(self) -> set[tuple[str, str]]:
        return {tuple(name.split(".", 1)) for name in self.manifest["migrations"]}

    @property
    def total_rows(self) -> int:
        return sum(entry["rows"] for entry in self.tables)

    def table(self, label: str) -> dict | None:
        return next((entry for entry in self.tables if entry["label"] == label), None)

    def rows(self, entry: dict) -> Iterator[list]:
        """The rows of one table, checked against the member's checksum and row count as they are
        read: a damaged member stops the reading with BackupRefused."""
        digest = hashlib.sha256()
        count = 0
        try:
            with self._zip.open(entry["member"]) as member:
                for line in member:
                    digest.update(line)
                    count += 1
                    yield json.loads(line)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error) as error:
            raise _damaged(self.path, entry["member"]) from error
        if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
            raise _damaged(self.path, entry["member"])

    def verify(self, progress=None) -> None:
        """Read every table once, checking each against its checksum, before anything is written."""
        bar = progress(self.total_rows, _("Checking")) if progress else None
        for entry in self.tables:
            rows = 0
            for _row in self.rows(entry):
                rows += 1
                if bar is not None and rows % 10_000 == 0:
                    bar.update(10_000)
            if bar is not None:
                bar.update(rows % 10_000)
        if bar is not None:
            bar.close()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _starts_like_a_backup(path: Path) -> bool:
    """True when the file begins with the marker member a backup starts with."""
    with path.open("rb") as file:
        head = file.read(30 + len(MARKER))
    if len(head) < 30 or not head.startswith(b"PK\x03\x04"):
        return False
    name_length = struct.unpack("<H", head[26:28])[0]
    return head[30 : 30 + name_length] == MARKER.encode()


def _not_a_backup(path: Path) -> BackupRefused:
    return BackupRefused(
        _("%(path)s is not an Allies backup (a file written by `allies backup`).") % {"path": path}
    )


def _damaged(path: Path, member: str) -> BackupRefused:
    return BackupRefused(
        _(
            "%(path)s is damaged: %(member)s does not match its checksum. Use another copy of the "
            "backup."
        )
        % {"path": path, "member": member}
    )
