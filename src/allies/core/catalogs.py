"""Compile the translation catalogs when Allies starts (docs/translating.md).

The catalogs (src/allies/locale/<language>/LC_MESSAGES/django.po) are kept in git; their compiled
.mo files are not. Each start compiles a catalog whose .mo is missing or older than it, with
gettext's `msgfmt` (Debian's `gettext` package). Without msgfmt, or in a read-only installation,
a warning says so and the pages stay in English.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def catalogs() -> list[Path]:
    """Every django.po under LOCALE_PATHS."""
    found = []
    for folder in settings.LOCALE_PATHS:
        found += sorted(Path(folder).glob("*/LC_MESSAGES/django.po"))
    return found


def stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_catalogs() -> list[Path]:
    """Compile the catalogs that need it; returns those compiled. Never raises."""
    todo = [po for po in catalogs() if stale(po)]
    if not todo:
        return []
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        logger.warning(
            "msgfmt (Debian's gettext package) is not installed: %d translation catalog(s) not "
            "compiled, pages will be in English.",
            len(todo),
        )
        return []
    done = []
    for po in todo:
        # Written beside, then renamed: processes starting together never read half a file.
        partial = po.with_suffix(f".mo.{os.getpid()}")
        result = subprocess.run(  # noqa: S603 - a fixed program on our own files
            [msgfmt, "--check-format", "-o", str(partial), str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            if result.returncode != 0:
                raise OSError(result.stderr.strip()[-500:])
            os.replace(partial, po.with_suffix(".mo"))
            done.append(po)
        except OSError as error:
            partial.unlink(missing_ok=True)
            logger.warning("Could not compile %s: %s", po, error)
    return done
