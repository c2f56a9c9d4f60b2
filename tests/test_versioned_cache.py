"""The per-process cache rebuilds exactly when the library's version moves."""

from types import SimpleNamespace

from allies.core.versioned_cache import VersionedCache


def test_rebuilds_only_when_the_version_moves():
    library = SimpleNamespace(pk=1, created_at="2026-01-01", version=1)
    builds = []
    cache = VersionedCache(
        lambda lib: lib.version, lambda lib: builds.append(lib.version) or len(builds)
    )
    assert cache.get(library) == 1
    assert cache.get(library) == 1 and builds == [1]
    library.version = 2
    assert cache.get(library) == 2 and builds == [1, 2]
    # Another library with the same id but created at another time never meets the old value.
    reused = SimpleNamespace(pk=1, created_at="2026-02-02", version=2)
    assert cache.get(reused) == 3
    cache.clear()
    assert cache.get(reused) == 4
