"""The stewardship settings page: owners change the numbers, everyone else reads them."""

import pytest
from django.urls import reverse

from allies.stewardship.models import StewardshipSettings

GOOD = {
    "keep_in_touch_days": "60",
    "thank_within_days": "5",
    "evidence_within_days": "10",
    "always_at_percent": "75",
    "never_below_percent": "25",
}


def url(library):
    return reverse("stewardship:settings", args=[library.slug])


@pytest.mark.django_db
def test_owner_saves_the_settings(owner_client, library):
    response = owner_client.post(url(library), GOOD)
    assert response.status_code == 302
    saved = StewardshipSettings.objects.get(library=library)
    assert (saved.keep_in_touch_days, saved.evidence_within_days) == (60, 10)
    assert (saved.always_at_percent, saved.never_below_percent) == (75, 25)
    owner_client.post(url(library), {**GOOD, "keep_in_touch_days": "45"})
    assert StewardshipSettings.objects.filter(library=library).count() == 1
    assert StewardshipSettings.for_library(library).keep_in_touch_days == 45


@pytest.mark.django_db
def test_owner_sees_the_defaults_in_the_form(owner_client, library):
    body = owner_client.get(url(library)).content.decode()
    assert 'value="90"' in body and 'value="80"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("never_below_percent", "80", "below where"),
        ("never_below_percent", "90", "below where"),
        ("always_at_percent", "101", "0 to 100"),
        ("keep_in_touch_days", "0", "1 to 3650"),
        ("evidence_within_days", "3651", "1 to 3650"),
        ("thank_within_days", "", "required"),
    ],
)
def test_bad_numbers_are_refused_at_the_field_and_kept(
    owner_client, library, field, value, message
):
    data = {**GOOD, "always_at_percent": "80", field: value}
    response = owner_client.post(url(library), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    for name, typed in data.items():  # everything typed stays
        if name != field:
            assert f'name="{name}" value="{typed}"' in body
    assert not StewardshipSettings.objects.filter(library=library).exists()


@pytest.mark.django_db
def test_staff_and_volunteers_read_but_do_not_change(client, staff, volunteer, library):
    for member in (staff, volunteer):
        client.force_login(member)
        response = client.get(url(library))
        assert response.status_code == 200
        assert "90 days" in response.content.decode()
        assert b'name="keep_in_touch_days"' not in response.content
        assert client.post(url(library), GOOD).status_code == 403
    assert not StewardshipSettings.objects.filter(library=library).exists()


@pytest.mark.django_db
def test_outsider_gets_404(outsider_client, library):
    assert outsider_client.get(url(library)).status_code == 404
    assert outsider_client.post(url(library), GOOD).status_code == 404


@pytest.mark.django_db
def test_library_settings_page_links_here(owner_client, library):
    body = owner_client.get(reverse("libraries:settings", args=[library.slug])).content.decode()
    assert url(library) in body
