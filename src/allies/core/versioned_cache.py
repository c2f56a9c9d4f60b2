"""A per-process cache of one computed value per library that rebuilds itself.

Each library has a version counter in the database, raised on every change the value depends on.
A process keeps the value with the version it was built from and rebuilds when the counter has
moved, so several app processes never serve each other stale answers and no shared state is needed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class VersionedCache(Generic[Value]):
    """`get(library)` returns `build(library)`, built again only when `version_of(library)` moved
    (a counter, or any value that changes with what the built value depends on)."""

    def __init__(self, version_of: Callable[[object], Hashable], build: Callable[[object], Value]):
        self.version_of = version_of
        self.build = build
        self._values: dict[int, tuple[tuple, Value]] = {}
        self._lock = threading.Lock()

    def get(self, library) -> Value:
        # The version is read before building, so a change made during the build leaves the cache
        # one version behind and the next call rebuilds. The creation time is part of the key so
        # that a reused id (a deleted library, a rolled-back test) never meets an old value.
        key = (self.version_of(library), getattr(library, "created_at", None))
        cached = self._values.get(library.pk)
        if cached is not None and cached[0] == key:
            return cached[1]
        value = self.build(library)
        with self._lock:
            self._values[library.pk] = (key, value)
        return value

    def clear(self) -> None:
        """Drop every cached value (tests; a process that wants its memory back)."""
        with self._lock:
            self._values.clear()
