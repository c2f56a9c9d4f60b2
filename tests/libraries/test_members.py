"""The members page: everyone sees it, owners change roles and remove people, never the last owner."""

import pytest
from django.urls import reverse

from allies.libraries.members import LastOwnerError, change_role
from allies.libraries.models import Membership

pytestmark = pytest.mark.django_db


def members_url():
    return reverse("libraries:members", args=["riverton"])


def role_url(membership):
    return reverse("libraries:member_role", args=["riverton", membership.pk])


def remove_url(membership):
    return reverse("libraries:member_remove", args=["riverton", membership.pk])


def test_owner_sees_members_with_controls(owner_client, staff, volunteer):
    body = owner_client.get(members_url()).content.decode()
    assert "Sam Staff" in body and "Val Volunteer" in body and "Olivia Owner" in body
    assert "Change role" in body
    assert "Invite someone" in body


def test_staff_and_volunteers_see_the_list_without_controls(client, owner, staff, volunteer):
    for user in (staff, volunteer):
        client.force_login(user)
        response = client.get(members_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert "Olivia Owner" in body
        assert "Change role" not in body
        assert "Invite someone" not in body


def test_outsider_gets_404(outsider_client, library):
    assert outsider_client.get(members_url()).status_code == 404


def test_owner_changes_a_role(owner_client, staff):
    membership = Membership.objects.get(user=staff)
    response = owner_client.post(role_url(membership), {"role": "volunteer"})
    assert response.url == members_url()
    membership.refresh_from_db()
    assert membership.role == "volunteer"


def test_bad_role_changes_nothing(owner_client, staff):
    membership = Membership.objects.get(user=staff)
    response = owner_client.post(role_url(membership), {"role": "emperor"}, follow=True)
    assert "Choose one of the roles" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "staff"


def test_role_change_is_for_owners_only(client, owner, staff, volunteer, outsider):
    membership = Membership.objects.get(user=volunteer)
    for user, status in ((staff, 403), (volunteer, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(role_url(membership), {"role": "owner"}).status_code == status
    membership.refresh_from_db()
    assert membership.role == "volunteer"


def test_membership_of_another_library_is_404(owner_client, outsider):
    theirs = Membership.objects.get(user=outsider)
    assert owner_client.post(role_url(theirs), {"role": "staff"}).status_code == 404
    assert owner_client.post(remove_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == "owner"


def test_last_owner_cannot_demote_themself(owner_client, owner):
    membership = Membership.objects.get(user=owner)
    response = owner_client.post(role_url(membership), {"role": "staff"}, follow=True)
    assert "needs at least one owner" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_an_owner_can_step_down_when_another_owner_exists(owner_client, owner, staff):
    Membership.objects.filter(user=staff).update(role="owner")
    membership = Membership.objects.get(user=owner)
    owner_client.post(role_url(membership), {"role": "staff"})
    membership.refresh_from_db()
    assert membership.role == "staff"
    with pytest.raises(LastOwnerError):
        change_role(Membership.objects.get(user=staff), "volunteer")


def test_owner_removes_a_member_after_confirming(owner_client, staff):
    membership = Membership.objects.get(user=staff)
    response = owner_client.get(remove_url(membership))
    assert "Remove Sam Staff from Riverton Public Library?" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = owner_client.post(remove_url(membership))
    assert response.url == members_url()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    staff.refresh_from_db()  # the account stays


def test_last_owner_cannot_be_removed(owner_client, owner):
    membership = Membership.objects.get(user=owner)
    response = owner_client.post(remove_url(membership), follow=True)
    assert "needs at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_removal_is_for_owners_only(client, owner, staff, volunteer):
    membership = Membership.objects.get(user=owner)
    for user in (staff, volunteer):
        client.force_login(user)
        assert client.post(remove_url(membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
