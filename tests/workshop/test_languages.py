"""A room that mixes languages: each phone in the language chosen on joining, the trainer's pages
in the trainer's own."""

import pytest
from django.test import Client

from allies.workshop import running
from allies.workshop.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(library, owner):
    workshop = running.create_workshop(library=library, trainer=owner, title="Partnerships")
    running.start(workshop)
    return workshop


def join(workshop, language, accept="en"):
    phone = Client(HTTP_ACCEPT_LANGUAGE=accept)
    form = phone.get(f"/w/{workshop.join_code}/join/").content.decode()
    assert 'name="language"' in form
    response = phone.post(
        f"/w/{workshop.join_code}/join/", {"display_name": language, "language": language}
    )
    assert response.status_code == 302
    return phone


def test_each_phone_keeps_the_language_chosen_on_joining(workshop):
    spanish = join(workshop, "es", accept="en")
    english = join(workshop, "en", accept="fr")
    assert Participant.objects.get(display_name="es").language == "es"
    room = f"/w/{workshop.join_code}/"
    response = spanish.get(room)
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()
    assert english.get(room)["Content-Language"] == "en"  # chosen, not the browser's French


def test_the_join_page_offers_the_browsers_language_first(workshop):
    phone = Client(HTTP_ACCEPT_LANGUAGE="fr")
    page = phone.get(f"/w/{workshop.join_code}/join/").content.decode()
    assert '<option value="fr" selected>' in page


def test_the_trainers_live_panel_is_in_the_trainers_language(client, owner, workshop):
    join(workshop, "es")
    owner.language = "fr"
    owner.save()
    client.force_login(owner)
    response = client.get(f"/l/riverton/workshop/{workshop.pk}/live/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
