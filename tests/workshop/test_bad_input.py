"""Bad input on the workshop's pages: huge text, bytes that are not UTF-8, impossible dates, another
library's ids. Each is refused with a message or ignored; never a 500, never anything saved."""

import pytest

from allies.workshop.models import Contribution, Participant, TrainerMaterial, Workshop
from tests.workshop.helpers import participant_client, running_workshop, url
from tests.workshop.test_material import version_data

HUGE = "x" * 1_000_000
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def workshop(library, owner):
    return running_workshop(library, owner, part="closing")


def test_huge_text_in_every_activity_is_refused_and_nothing_saved(workshop):
    _participant, browser = participant_client(workshop)
    answers = {
        "benefits_board": {"benefits_board-partner": HUGE, "benefits_board-offers": "A room"},
        "planning": {"planning-partners_who_could_help": HUGE},
        "key_questions": {"key_questions-partner": HUGE},
    }
    for key, data in answers.items():
        response = browser.post(url(workshop, key), data)
        assert response.status_code == 400, key
        assert "Keep it under" in response.content.decode(), key
    assert not Contribution.objects.filter(workshop=workshop).exists()


def test_an_impossible_date_in_the_plan_is_refused(workshop):
    _participant, browser = participant_client(workshop)
    response = browser.post(
        url(workshop, "planning"),
        {
            "planning-partner_1": "Rotary",
            "planning-partner_1_what": "Thank",
            "planning-partner_1_due": "2026-02-30",
        },
    )
    assert response.status_code == 400
    assert not Contribution.objects.filter(workshop=workshop).exists()


def test_a_huge_name_or_code_when_joining(client, workshop):
    response = client.post(f"/w/{workshop.join_code}/join/", {"display_name": HUGE})
    assert response.status_code == 200
    assert "Your name" in response.content.decode()
    assert not Participant.objects.filter(workshop=workshop).exists()
    response = client.get("/w/", {"code": HUGE})
    assert response.status_code == 400
    response = client.get("/w/" + "K" * 5000 + "/")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["join/", "activities/planning/", "save/"])
def test_bytes_that_are_not_utf8_are_no_500(workshop, path):
    _participant, browser = participant_client(workshop)
    body = b"display_name=\xff\xfe&planning-partners_who_could_help=\xc3\x28"
    response = browser.post(f"/w/{workshop.join_code}/{path}", body, content_type=FORM)
    assert response.status_code < 500
    for contribution in Contribution.objects.filter(
        workshop=workshop
    ):  # Django reads it as Latin-1
        assert contribution.data["partners_who_could_help"] == "\u00c3("


def test_trainer_pages_refuse_huge_and_broken_input(staff_client, staff, library):
    before = Workshop.objects.count()
    response = staff_client.post("/l/riverton/workshop/new/", {"title": HUGE, "groups": "3"})
    assert response.status_code == 400
    response = staff_client.post(
        "/l/riverton/workshop/new/", b"title=\xff\xfe&groups=3", content_type=FORM
    )
    assert response.status_code < 500
    assert Workshop.objects.count() == before
    response = staff_client.post("/l/riverton/workshop/material/new/", {"name": HUGE})
    assert response.status_code == 400
    assert not TrainerMaterial.objects.filter(trainer=staff).exists()


def test_moving_with_nonsense_changes_nothing(staff_client, library, staff):
    workshop = running_workshop(library, staff, part="welcome")
    for data in ({"action": "next", "from_part": "9" * 40}, {"action": "jump"}, {"action": HUGE}):
        response = staff_client.post(f"/l/riverton/workshop/{workshop.pk}/move/", data)
        assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.current == 0


def test_digits_that_are_not_ascii_are_no_500(staff_client, workshop):
    response = staff_client.get("/l/riverton/workshop/material/new/", {"from": "²"})
    assert response.status_code == 200
    assert response.context["source_id"] == ""  # the standard material, not a crash
    _participant, browser = participant_client(workshop)
    response = browser.post(url(workshop, "benefits_board"), {"remove": "²"})
    assert response.status_code == 302


@pytest.mark.parametrize("minutes", ["²", "9" * 5000, "-5", "1e3"])
def test_minutes_that_are_not_a_number_are_refused_with_a_total(staff_client, minutes):
    response = staff_client.post(
        "/l/riverton/workshop/new/", {"title": "T", "minutes_welcome": minutes, "groups": "3"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["minutes_welcome"]
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("field", ["case_study", "tips", "partner-0-description"])
def test_a_huge_material_text_is_refused(staff_client, staff, field):
    response = staff_client.post(
        "/l/riverton/workshop/material/new/", version_data(**{field: HUGE})
    )
    assert response.status_code == 400
    assert "(it has 1000000)" in response.content.decode()
    assert not TrainerMaterial.objects.filter(trainer=staff).exists()
