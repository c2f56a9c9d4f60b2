"""No page ever shows a traceback or exception text; unknown pages say what to do."""

import pytest


@pytest.mark.urls("tests.boom_urls")
def test_a_failing_page_shows_our_words_and_no_exception_text(client, settings, db):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body and "RuntimeError" not in body


def test_debug_is_off_unless_asked_for(settings):
    from allies.core.env import env_bool

    assert env_bool("ALLIES_UNSET_VARIABLE_FOR_TEST", default=False) is False
    assert settings.DEBUG is False


def test_an_unknown_page_is_a_friendly_404(staff_client):
    response = staff_client.get("/l/riverton/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
