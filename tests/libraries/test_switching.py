"""A person in several libraries sees the switcher and moves between them."""

import pytest
from django.urls import reverse

from allies.libraries.models import Membership

pytestmark = pytest.mark.django_db


def test_one_library_means_no_switcher(staff_client, library):
    body = staff_client.get(reverse("libraries:settings", args=["riverton"])).content.decode()
    assert 'name="library"' not in body


def test_member_of_two_libraries_switches(staff_client, staff, library, other_library):
    Membership.objects.create(user=staff, library=other_library, role="volunteer")
    body = staff_client.get(reverse("libraries:settings", args=["riverton"])).content.decode()
    assert 'id="switch-library"' in body
    assert "Elsewhere Library" in body

    response = staff_client.get(reverse("switch_library"), {"library": "elsewhere"})
    assert response.url == reverse("today", args=["elsewhere"])
    staff_client.get(response.url)
    # Home remembers the library used last.
    assert staff_client.get(reverse("home")).url == reverse("today", args=["elsewhere"])


def test_switching_to_a_library_one_is_not_a_member_of_is_404(staff_client, other_library):
    response = staff_client.get(reverse("switch_library"), {"library": "elsewhere"})
    assert response.status_code == 404
    response = staff_client.get(reverse("switch_library"), {"library": "no-such-library"})
    assert response.status_code == 404


def test_person_without_library_is_told_what_to_do(client):
    from allies.libraries.models import User

    user = User.objects.create_user("lonely@example.org", "x")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert "not a member of any library" in response.content.decode()
