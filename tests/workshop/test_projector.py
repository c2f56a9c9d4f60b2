"""The projector view shows what the room contributes during each part, large, and no names."""

import pytest

from allies.stewardship.models import Frequency, Habit
from allies.workshop.models import Contribution
from tests.workshop.helpers import participant_client, running_workshop


def contribute(workshop, participant, activity, data):
    Contribution.objects.create(
        workshop=workshop, participant=participant, activity=activity, data=data
    )


@pytest.mark.django_db
def test_the_benefits_board_fills_on_the_projector(library, owner, owner_client):
    workshop = running_workshop(library, owner, part="benefits")
    ann, _browser = participant_client(workshop, display_name="Ann Secretname")
    contribute(
        workshop,
        ann,
        "benefits_board",
        {"partner": "Rotary Club", "receives": "Volunteers", "offers": "A room"},
    )
    url = f"/l/riverton/workshop/{workshop.pk}/present/"
    page = owner_client.get(url).content.decode()
    board = page.split('class="workshop-present__board"')[1]
    assert "Rotary Club" in board and "Volunteers" in board and "A room" in board
    assert "Ann Secretname" not in page
    polled = owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "workshop-present__board" in polled and "Rotary Club" in polled


@pytest.mark.django_db
def test_the_surveys_spread_on_the_projector(library, owner, owner_client):
    workshop = running_workshop(library, owner, part="sustain")
    ann, _browser = participant_client(workshop, display_name="Ann")
    contribute(workshop, ann, "survey", {h.value: Frequency.ALWAYS.value for h in Habit})
    page = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/present/").content.decode()
    board = page.split('class="workshop-present__board"')[1]
    assert "1 person answered" in board and "chart__series-always" in board


@pytest.mark.django_db
def test_a_connection_tree_is_never_projected(library, owner, owner_client):
    workshop = running_workshop(library, owner, part="identify")
    ann, _browser = participant_client(workshop, display_name="Ann")
    contribute(
        workshop,
        ann,
        "connection_tree",
        {"partner": "Copperline", "share": True, "people": [{"name": "Aunt May", "how": "family"}]},
    )
    page = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/present/").content.decode()
    assert "Aunt May" not in page


@pytest.mark.django_db
def test_another_library_cannot_open_the_projector(library, owner, outsider_client):
    workshop = running_workshop(library, owner, part="benefits")
    assert outsider_client.get(f"/l/riverton/workshop/{workshop.pk}/present/").status_code == 404
