"""Write docs/roles.md, the list of every library page and who may use it (checked by tests/test_roles.py)."""

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "allies.settings")
django.setup()

from tests.test_roles import ROLES_DOC, roles_doc  # noqa: E402 - after django.setup()

ROLES_DOC.write_text(roles_doc())
print(f"Wrote {ROLES_DOC}")
