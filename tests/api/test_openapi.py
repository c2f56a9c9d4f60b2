"""The OpenAPI description: committed, served, and browsable offline."""

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders

from allies.api.api import api
from allies.api.description import description_json

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_the_committed_description_is_the_codes():
    assert COMMITTED.read_text(encoding="utf-8") == description_json(api), (
        "docs/api/openapi.json differs from the API: run "
        "`allies openapi --output docs/api/openapi.json` and commit it."
    )


def test_the_description_is_served_without_a_token(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = json.loads(response.content)
    assert served["openapi"].startswith("3.")
    assert served["paths"].keys() == json.loads(COMMITTED.read_text())["paths"].keys()
    assert served["components"]["securitySchemes"]["AlliesAuth"]["scheme"] == "bearer"


def test_every_operation_documents_its_refusals():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            codes = {str(code) for code in operation["responses"]}
            assert {"400", "401", "404", "429"} <= codes, (method, path, codes)
            assert any(code.startswith("2") for code in codes), (method, path)


def test_the_docs_page_loads_its_scripts_from_our_static_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert not re.search(r"""(src|href)=["']https?://""", page), "the docs page needs internet"
    for asset in re.findall(r"""(?:src|href)=["']/static/([^"']+)""", page):
        assert finders.find(asset), asset
    assert "/api/v1/openapi.json" in page
