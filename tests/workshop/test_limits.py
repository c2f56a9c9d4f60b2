"""A workshop cannot be flooded: participants per session, joins per address per minute, entries
per participant and per session, and a live panel that stays small."""

import pytest
from django.test import Client
from django.urls import reverse

from allies.workshop import limits
from allies.workshop.activity_views import MAX_ENTRIES
from allies.workshop.models import Contribution, Participant
from tests.workshop.helpers import participant_client, running_workshop, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(library, owner):
    return running_workshop(library, owner, part="closing", max_participants=3)


def join(workshop, address="10.1.0.1"):
    return Client().post(
        f"/w/{workshop.join_code}/join/", {"display_name": "Someone"}, REMOTE_ADDR=address
    )


def test_the_session_holds_the_number_the_trainer_set(workshop, owner_client):
    for number in range(3):
        assert join(workshop, f"10.1.0.{number}").status_code == 302
    refused = join(workshop, "10.1.0.9")
    assert refused.status_code == 429
    assert "this session is full: 3 people have joined" in refused.content.decode()
    assert Participant.objects.filter(workshop=workshop).count() == 3
    workshop.refresh_from_db()
    assert workshop.refused_joins == 1
    live = owner_client.get(reverse("workshop:live", args=["riverton", workshop.pk]))
    assert "1 try to join was refused" in live.content.decode()


def test_one_address_cannot_join_more_than_the_minute_allows(library, owner):
    workshop = running_workshop(library, owner, max_participants=500)
    for _ in range(limits.JOINS_PER_ADDRESS_PER_MINUTE):
        assert join(workshop).status_code == 302
    refused = join(workshop)
    assert refused.status_code == 429
    assert "Many people joined from this network" in refused.content.decode()
    assert join(workshop, "10.1.0.2").status_code == 302  # another network is not affected


def test_entries_per_participant_and_per_session(workshop, monkeypatch):
    participant, browser = participant_client(workshop)
    entry = {"benefits_board-partner": "Rotary", "benefits_board-receives": "x" * 300}
    for _ in range(MAX_ENTRIES):
        browser.post(url(workshop, "benefits_board"), entry)
    response = browser.post(url(workshop, "benefits_board"), entry)
    assert "the most one person can" in response.content.decode()
    assert participant.contributions.count() == MAX_ENTRIES
    monkeypatch.setattr(limits, "MAX_SESSION_ENTRIES", MAX_ENTRIES + 1)
    _other, other_browser = participant_client(workshop)
    other_browser.post(url(workshop, "benefits_board"), entry)
    response = other_browser.post(url(workshop, "benefits_board"), entry)
    assert "all this session can hold" in response.content.decode()
    assert Contribution.objects.filter(workshop=workshop).count() == MAX_ENTRIES + 1
    workshop.refresh_from_db()
    assert workshop.refused_entries == 2


def test_the_live_panel_stays_under_100_kb_however_much_the_room_writes(
    library, owner, owner_client
):
    workshop = running_workshop(library, owner, part="benefits", max_participants=200)
    people = [Participant.objects.create(workshop=workshop) for _ in range(50)]
    Contribution.objects.bulk_create(
        Contribution(
            workshop=workshop, participant=person, activity="benefits_board",
            data={"partner": f"Partner {person.pk}-{n}" + "p" * 70, "receives": "r" * 600,
                  "offers": "o" * 600},
        )
        for person in people
        for n in range(MAX_ENTRIES)
    )  # fmt: skip
    response = owner_client.get(reverse("workshop:live", args=["riverton", workshop.pk]))
    assert response.status_code == 200
    assert len(response.content) < 100_000, len(response.content)
    assert "2000 entries on the board" in response.content.decode()
    assert "earlier ones, not shown here" in response.content.decode()
