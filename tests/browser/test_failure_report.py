"""A failed browser test says what the browser showed (tests/browser/conftest.py): the page's
address and title, its alerts, the last pages asked for, and a screenshot with the HTML."""

import pytest
from _pytest.reports import TestReport

from tests.browser import conftest
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _failed_node(name: str):
    report = TestReport("x.py::t", ("x.py", 0, "t"), {}, "failed", None, "call")
    return type("Node", (), {"name": name, "stash": {conftest.CALL_REPORT: report}})(), report


def test_a_failure_report_names_the_page_its_alerts_and_the_last_pages(
    page, staff, monkeypatch, tmp_path
):
    monkeypatch.setattr(conftest, "ARTIFACTS", tmp_path)
    responses = []
    page.context.on("response", lambda response: conftest.note_response(responses, response))
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD + "-wrong")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign in").wait_for()

    node, report = _failed_node("test_sign_in")
    conftest.keep_what_the_page_showed(page, node, responses)

    ((title, text),) = report.sections
    assert title == "what the browser showed"
    assert "address: " + page.url in text and "/accounts/login/" in text
    assert "alert: " in text  # the refused password is said on the page
    assert "response: POST " in text and " ms to answer)" in text
    assert "/static/" not in text  # the pages, not their files
    assert (tmp_path / "test_sign_in-failed.png").stat().st_size > 0
    assert "<form" in (tmp_path / "test_sign_in-failed.html").read_text(encoding="utf-8")


def test_a_passing_test_leaves_nothing(page, monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "ARTIFACTS", tmp_path)
    page.goto("/accounts/login/")
    node, report = _failed_node("test_passing")
    report.outcome = "passed"
    conftest.keep_what_the_page_showed(page, node, [])
    assert report.sections == [] and list(tmp_path.iterdir()) == []
