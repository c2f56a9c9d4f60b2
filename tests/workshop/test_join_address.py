"""The join address and QR code are ones a phone in the room can open, and the trainer is warned
when they are not (the page was opened at 127.0.0.1)."""

import re

import pytest
import segno

from allies.workshop import running


@pytest.fixture
def workshop(library, owner):
    return running.create_workshop(library=library, trainer=owner, title="Partnerships, spring")


def trainer_page(client, workshop, host):
    response = client.get(f"/l/{workshop.library.slug}/workshop/{workshop.pk}/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode(), response.context


@pytest.mark.django_db
def test_the_trainer_is_warned_when_phones_cannot_open_the_address(owner_client, workshop):
    page, context = trainer_page(owner_client, workshop, "127.0.0.1:8000")
    assert context["join_url"] == f"http://127.0.0.1:8000/w/{workshop.join_code}/"
    assert "Phones cannot open 127.0.0.1" in page and "--lan" in page
    page, _context = trainer_page(owner_client, workshop, "localhost:8000")
    assert "Phones cannot open localhost" in page


@pytest.mark.django_db
def test_an_address_on_the_room_network_is_used_as_it_is(owner_client, workshop, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.20"]
    page, context = trainer_page(owner_client, workshop, "192.168.1.20:8000")
    url = f"http://192.168.1.20:8000/w/{workshop.join_code}/"
    assert context["join_url"] == url and "Phones cannot open" not in page
    drawn = segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#111", light="#fff")
    size = re.match(r'<svg width="(\d+)"', drawn).group(1)
    viewbox = f' viewBox="0 0 {size} {size}"'  # so that a smaller drawing scales, not crops
    assert viewbox in context["qr_svg"] and context["qr_svg"].replace(viewbox, "") == drawn


@pytest.mark.django_db
def test_site_url_wins_over_the_browsers_address(owner_client, workshop, settings):
    settings.SITE_URL, settings.SITE_URL_FROM_ENV = "http://192.168.1.20:8000", True
    page, context = trainer_page(owner_client, workshop, "127.0.0.1:8000")
    assert context["join_url"] == f"http://192.168.1.20:8000/w/{workshop.join_code}/"
    assert context["join_page"] == "http://192.168.1.20:8000/w/"
    assert "Phones cannot open" not in page
    present = owner_client.get(
        f"/l/{workshop.library.slug}/workshop/{workshop.pk}/present/", HTTP_HOST="127.0.0.1"
    )
    assert present.context["join_url"] == context["join_url"]
