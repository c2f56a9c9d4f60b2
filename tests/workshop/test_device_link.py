"""A participant's own link (and QR code) opens their worksheets on another device for 30 days."""

import re

import pytest
from django.test import Client

from allies.workshop import running
from allies.workshop.access import device_key
from allies.workshop.models import Contribution
from tests.workshop.helpers import participant_client, running_workshop


@pytest.fixture
def finished(library, owner):
    workshop = running_workshop(library, owner, part="closing", groups=2)
    ann, browser = participant_client(workshop, display_name="Ann", group=1)
    Contribution.objects.create(
        workshop=workshop,
        participant=ann,
        activity="benefits_board",
        data={"partner": "Rotary", "receives": "Volunteers", "offers": "Room"},
    )
    bob, _bob_browser = participant_client(workshop, display_name="Bob", group=2)
    running.finish(workshop)
    return workshop, ann, browser, bob


def link_on(page: str) -> str:
    return re.search(r'<p class="device-link__url"><a href="([^"]+)"', page).group(1)


def test_the_last_screen_gives_a_link_and_a_qr_code(finished):
    workshop, ann, browser, _bob = finished
    page = browser.get(f"/w/{workshop.join_code}/").content.decode()
    assert "Open your worksheets on another device" in page
    assert "<svg" in page.split('class="device-link card"')[1]
    assert "30 days" in page
    url = link_on(page)
    assert f"/w/{workshop.join_code}/open/" in url
    worksheets = browser.get(f"/w/{workshop.join_code}/worksheets/").content.decode()
    same_participant = link_on(worksheets).split("/open/")[1].split(":")[0]
    assert same_participant == url.split("/open/")[1].split(":")[0]  # signed a second later


def test_the_link_opens_that_participants_worksheets_on_another_device(finished, db):
    workshop, ann, browser, _bob = finished
    url = link_on(browser.get(f"/w/{workshop.join_code}/").content.decode())
    laptop = Client()
    assert laptop.get(f"/w/{workshop.join_code}/worksheets/").status_code == 302  # not joined
    response = laptop.get(url.split("testserver")[-1], follow=True)
    assert response.redirect_chain[-1][0] == f"/w/{workshop.join_code}/worksheets/"
    assert "Rotary" in response.content.decode()


def test_a_link_older_than_30_days_or_altered_opens_nothing(finished, db, monkeypatch):
    workshop, ann, _browser, bob = finished
    key = device_key(ann)
    laptop = Client()
    response = laptop.get(f"/w/{workshop.join_code}/open/{key[:-2]}xx/")
    assert response.status_code == 404
    assert "lasts 30 days" in response.content.decode()
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 24 * 3600)
    assert laptop.get(f"/w/{workshop.join_code}/open/{key}/").status_code == 404
    monkeypatch.setattr(time, "time", real)
    assert laptop.get(f"/w/{workshop.join_code}/worksheets/").status_code == 302


def test_a_link_of_another_session_opens_nothing(finished, library, owner, db):
    workshop, ann, _browser, _bob = finished
    other = running_workshop(library, owner, part="closing", groups=2)
    key = device_key(ann)
    assert Client().get(f"/w/{other.join_code}/open/{key}/").status_code == 404
