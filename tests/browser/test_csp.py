"""The Content-Security-Policy holds in the browser: an inline script is refused, and the refusal is
seen by the fixture that fails every browser test on one; the print buttons work without inline code."""

import pytest

from tests.browser.conftest import sign_in, watch_csp
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_inline_script_is_refused_and_reported(new_context, owner):
    context = new_context()
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ranInline = true"; document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ranInline === undefined")
    context.close()
    assert violations and "script-src" in violations[0]


def test_the_print_button_runs_from_the_static_script(page, owner):
    sign_in(page, owner.email, PASSWORD)
    page.goto("/l/riverton/reports/annual/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("() => window.printed") == 1
