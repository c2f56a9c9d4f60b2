"""Adding a connection picks both people by type-ahead: the page stays light however large the
directory, works without JavaScript, and refuses people from elsewhere."""

import pytest
from django.urls import reverse

from allies.connections.models import Connection
from allies.connections.people import person_for
from allies.directory.models import Person


def url(name, *args):
    return reverse(f"connections:{name}", args=["riverton", *args])


@pytest.fixture
def dana(library):
    return Person.objects.create(library=library, name="Dana Reyes", email="dana@example.org")


def test_the_add_page_does_not_grow_with_the_directory(staff_client, library, staff):
    person_for(staff, library)
    small = staff_client.get(url("add")).content
    Person.objects.bulk_create(
        Person(library=library, name=f"Resident Number {i:04d}") for i in range(600)
    )
    page = staff_client.get(url("add")).content
    assert b"Resident Number" not in page
    assert page.count(b"<option") < 20  # only the kinds of connection
    assert len(page) < len(small) + 200 and len(page) < 40_000


def test_me_is_offered_and_chosen_first(staff_client, library, staff):
    me = person_for(staff, library)
    page = staff_client.get(url("add")).content.decode()
    assert f'value="{me.pk}"' in page and "Sam Staff (you)" in page
    assert f'name="person" value="{me.pk}" id="id_person_0" checked' in page.replace(
        " required", ""
    )


def test_type_ahead_finds_people_as_radio_buttons_for_the_chosen_field(staff_client, dana):
    response = staff_client.get(url("people_search"), {"field": "other", "q_other": "rey"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="other" value="{dana.pk}"' in page and "Dana Reyes" in page
    page = staff_client.get(url("people_search"), {"field": "other", "q_other": "zz"}).content
    assert b"Dana Reyes" not in page and b"Nobody called" in page


def test_type_ahead_for_the_worksheet_still_answers_q(staff_client, dana):
    page = staff_client.get(url("people_search"), {"q": "dana"}).content.decode()
    assert f'name="person" value="{dana.pk}" id="match-{dana.pk}"' in page


def test_type_ahead_never_shows_another_librarys_people(staff_client, other_library):
    Person.objects.create(library=other_library, name="Dana Elsewhere")
    page = staff_client.get(url("people_search"), {"field": "other", "q_other": "dana"}).content
    assert b"Dana Elsewhere" not in page


def test_find_without_javascript_redraws_the_form_with_matches(staff_client, library, staff, dana):
    me = person_for(staff, library)
    response = staff_client.post(
        url("add"),
        {"find": "other", "q_other": "dana", "person": me.pk, "kind": "school", "note": "PTA"},
    )
    assert response.status_code == 200 and not Connection.objects.exists()
    page = response.content.decode()
    assert f'name="other" value="{dana.pk}"' in page
    assert "PTA</textarea>" in page and 'value="school" selected' in page
    assert "There is a problem" not in page  # a redraw is not a failed save


def test_a_chosen_person_stays_offered_after_a_failed_save(staff_client, library, staff, dana):
    me = person_for(staff, library)
    response = staff_client.post(url("add"), {"person": me.pk, "other": dana.pk, "kind": "x"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert f'name="other" value="{dana.pk}"' in page and "checked" in page


def test_a_link_with_the_other_person_preselects_them(staff_client, dana):
    page = staff_client.get(url("add"), {"other": dana.pk}).content.decode()
    assert f'name="other" value="{dana.pk}"' in page


def test_a_forged_id_in_a_link_is_not_shown(staff_client, other_library):
    stranger = Person.objects.create(library=other_library, name="Stranger Danger")
    page = staff_client.get(url("add"), {"other": stranger.pk}).content.decode()
    assert "Stranger Danger" not in page


def test_saving_with_type_ahead_choices_records_the_connection(staff_client, library, staff, dana):
    me = person_for(staff, library)
    response = staff_client.post(
        url("add"), {"person": me.pk, "other": dana.pk, "kind": "friend", "strength": "4"}
    )
    assert response.status_code == 302
    connection = Connection.objects.get()
    assert {connection.person_a, connection.person_b} == {me, dana}


def test_the_other_person_is_required(staff_client, library, staff):
    me = person_for(staff, library)
    response = staff_client.post(url("add"), {"person": me.pk, "kind": "friend", "strength": "3"})
    assert response.status_code == 200 and not Connection.objects.exists()
    assert "Search the directory and choose the person." in response.content.decode()


def test_a_forged_other_person_is_refused(staff_client, library, staff, other_library):
    me = person_for(staff, library)
    stranger = Person.objects.create(library=other_library, name="Stranger")
    response = staff_client.post(
        url("add"), {"person": me.pk, "other": stranger.pk, "kind": "friend", "strength": "3"}
    )
    assert response.status_code == 200 and not Connection.objects.exists()
    assert "Stranger" not in response.content.decode()


def test_a_connection_to_myself_is_refused(staff_client, library, staff):
    me = person_for(staff, library)
    response = staff_client.post(
        url("add"), {"person": me.pk, "other": me.pk, "kind": "friend", "strength": "3"}
    )
    assert response.status_code == 200 and not Connection.objects.exists()
    assert "cannot be connected to themselves" in response.content.decode()


def test_outsider_gets_404(outsider_client, dana):
    assert outsider_client.get(url("add")).status_code == 404
    assert outsider_client.post(url("add"), {"find": "other", "q_other": "dana"}).status_code == 404
    assert outsider_client.get(url("people_search"), {"q": "dana"}).status_code == 404


def test_volunteer_cannot_add_nor_redraw(volunteer_client, dana):
    assert volunteer_client.get(url("add")).status_code == 403
    assert (
        volunteer_client.post(url("add"), {"find": "other", "q_other": "dana"}).status_code == 403
    )
    assert not Connection.objects.exists()
