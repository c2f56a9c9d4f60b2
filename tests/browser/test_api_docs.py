"""A staff member makes an API token in Settings and tries it on the API's documentation page,
with every request to another host refused: the page must work without internet access."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_make_a_token_and_try_it_on_the_offline_docs_page(page, live_server, staff, screenshot):
    local = urlsplit(live_server.url).netloc
    elsewhere = []

    def only_this_server(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_this_server)
    sign_in(page, staff.email, PASSWORD)
    page.goto("/l/riverton/settings/")
    page.get_by_role("link", name=re.compile("API tokens")).click()
    page.get_by_label("Name").fill("Events calendar")
    page.get_by_label(re.compile("Read and write")).check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("allies_")
    screenshot("token")

    page.goto("/api/v1/docs")
    expect(page.get_by_text("Allies API").first).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/organizations").first
    ).to_be_visible()
    page.locator("button.authorize").first.click()
    page.locator(".modal-ux input").first.fill(secret)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/me$")).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table").first).to_contain_text(
        staff.email
    )
    screenshot("docs")
    assert elsewhere == [], elsewhere

    page.goto("/l/riverton/settings/api-tokens/")
    row = page.get_by_role("row", name=re.compile("Events calendar"))
    expect(row).to_contain_text("read and write")
    expect(row).not_to_contain_text("never")  # used just now, from the docs page
    screenshot("list")
    row.get_by_role("button", name=re.compile("Revoke")).click()
    expect(page.get_by_text(re.compile("no longer works"))).to_be_visible()
