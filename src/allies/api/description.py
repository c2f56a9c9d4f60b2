"""The OpenAPI description as the repository keeps it: stable JSON, one key order, a final newline."""

from __future__ import annotations

import json


def description_json(api) -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
