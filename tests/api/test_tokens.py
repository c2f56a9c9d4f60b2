"""Personal access tokens: made in Settings, shown once, stored hashed, listed with their last use,
revoked by their member or an owner; and what a token may do when it is sent."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from allies.api import tokens
from allies.api.models import ApiToken, digest_of
from allies.libraries.models import Membership
from tests.api.conftest import ApiClient, body, issue

TOKENS_URL = reverse("api:tokens", args=["riverton"])


def make_token(client, **fields):
    data = {"name": "Events calendar", "access": "read", "expires_on": ""} | fields
    return client.post(TOKENS_URL, data)


def test_settings_links_to_the_token_page(staff_client):
    page = staff_client.get(reverse("libraries:settings", args=["riverton"]))
    assert TOKENS_URL in page.content.decode()


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(staff_client, staff):
    response = make_token(staff_client, access="write")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("allies_") and len(secret) > 40
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == staff and token.can_write and token.name == "Events calendar"
    assert token.digest == digest_of(secret) and secret not in (token.digest, token.hint)
    page = staff_client.get(TOKENS_URL).content.decode()
    assert secret not in page and token.hint in page and "never" in page


def test_the_form_refuses_a_past_expiry_and_an_empty_name(staff_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = make_token(staff_client, name="  ", expires_on=yesterday.isoformat())
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "expires_on"}
    assert not ApiToken.objects.exists()


def test_last_use_is_listed(staff_client, library, staff):
    secret = issue(library, staff, can_write=False)
    assert ApiClient(secret).get("/me").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    page = staff_client.get(TOKENS_URL).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%H:%M") in page


def test_a_member_revokes_their_token_and_it_stops_working(staff_client, library, staff):
    secret = issue(library, staff)
    token = ApiToken.objects.get()
    response = staff_client.post(reverse("api:token_revoke", args=["riverton", token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == staff
    answer = ApiClient(secret).get("/me")
    assert answer.status_code == 401 and "revoked" in body(answer)["detail"]


def test_staff_see_only_their_own_tokens_and_cannot_revoke_others(
    staff_client, library, owner, staff
):
    issue(library, owner)
    owners = ApiToken.objects.get(user=owner)
    page = staff_client.get(TOKENS_URL)
    assert owners.hint not in page.content.decode()
    response = staff_client.post(reverse("api:token_revoke", args=["riverton", owners.pk]))
    assert response.status_code == 404
    owners.refresh_from_db()
    assert owners.revoked_at is None


def test_an_owner_sees_and_revokes_every_token_of_the_library(
    owner_client, library, owner, staff, volunteer, other_library, outsider
):
    issue(library, staff)
    issue(library, volunteer, can_write=False)
    issue(other_library, outsider)
    page = owner_client.get(TOKENS_URL).content.decode()
    for token in ApiToken.objects.filter(library=library):
        assert token.hint in page
    assert ApiToken.objects.get(user=outsider).hint not in page
    staffs = ApiToken.objects.get(user=staff)
    owner_client.post(reverse("api:token_revoke", args=["riverton", staffs.pk]))
    staffs.refresh_from_db()
    assert staffs.revoked_by == owner
    theirs = ApiToken.objects.get(user=outsider)
    response = owner_client.post(reverse("api:token_revoke", args=["riverton", theirs.pk]))
    assert response.status_code == 404


def test_a_volunteer_may_make_a_token(volunteer_client):
    response = make_token(volunteer_client, access="write")
    assert response.status_code == 200 and ApiToken.objects.get().can_write


# Sending a token ---------------------------------------------------------------------------------


def test_no_token_or_an_unknown_one_is_401_with_a_bearer_challenge(anonymous_api):
    response = anonymous_api.get("/organizations")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in body(response)["detail"]
    unknown = ApiClient("allies_not-a-real-token").get("/organizations")
    assert unknown.status_code == 401 and "not known" in body(unknown)["detail"]
    session = anonymous_api.client
    assert session.get("/api/v1/organizations").status_code == 401


def test_a_signed_in_browser_session_is_not_a_token(staff_client):
    assert staff_client.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_401_and_works_through_its_last_day(library, staff):
    today = timezone.localdate()
    assert ApiClient(issue(library, staff, expires_on=today)).get("/me").status_code == 200
    expired = ApiClient(issue(library, staff, expires_on=today - datetime.timedelta(days=1)))
    response = expired.get("/me")
    assert response.status_code == 401 and "expired" in body(response)["detail"]


def test_a_token_stops_when_its_member_leaves_and_follows_their_role(library, staff, staff_api):
    assert staff_api.post("/audiences", {"name": "Makers"}).status_code == 201
    Membership.objects.filter(user=staff, library=library).update(role="volunteer")
    response = staff_api.post("/audiences", {"name": "Gamers"})
    assert response.status_code == 403 and "Volunteers" in body(response)["detail"]
    Membership.objects.filter(user=staff, library=library).delete()
    assert staff_api.get("/me").status_code == 401


def test_me_says_who_the_token_acts_as(volunteer_api, volunteer):
    answer = body(volunteer_api.get("/me"))
    assert answer["user_id"] == volunteer.pk
    assert answer["role"] == "volunteer"
    assert answer["library"]["slug"] == "riverton"
    assert answer["can_write"] is True


def test_a_read_only_token_changes_nothing(read_only_api, library):
    response = read_only_api.post("/contacts", {"partnership": 1, "kind": "call"})
    assert response.status_code == 403 and "read-only" in body(response)["detail"]
    assert read_only_api.post("/organizations", {"name": "X"}).status_code == 403


# Limits -------------------------------------------------------------------------------------------


def test_the_rate_limit_answers_429_with_retry_after(settings, staff_api):
    settings.API_REQUESTS_PER_MINUTE = 3
    statuses = [staff_api.get("/me").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    response = staff_api.get("/me")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "3 requests this minute" in body(response)["detail"]


def test_the_count_starts_again_each_minute(library, staff):
    issue(library, staff)
    token = ApiToken.objects.get()
    start = timezone.now().replace(second=10, microsecond=0)
    assert tokens.count_request(token, now=start, limit=2) is None
    assert tokens.count_request(token, now=start, limit=2) is None
    assert tokens.count_request(token, now=start, limit=2) == 50
    later = start + datetime.timedelta(seconds=55)  # the next minute
    assert tokens.count_request(token, now=later, limit=2) is None
    token.refresh_from_db()
    assert token.window_count == 1 and token.last_used_at == later


def test_a_body_over_one_megabyte_is_413(staff_api):
    big = json.dumps({"name": "x" * (1024 * 1024)})
    response = staff_api.post("/organizations", big)
    assert response.status_code == 413
    assert "1 MB" in body(response)["detail"]


def test_a_chunked_body_without_a_length_is_411_not_read_as_empty(staff_api):
    """A body sent with Transfer-Encoding: chunked (curl -H "Transfer-Encoding: chunked", some HTTP
    libraries for a stream) reaches Django without CONTENT_LENGTH, and Django reads it as empty: it
    would be answered "name is required" however large it was. It is refused, saying why."""
    big = json.dumps({"name": "x" * (2 * 1024 * 1024)})
    response = staff_api.client.generic(
        "POST",
        "/api/v1/organizations",
        big,
        content_type="application/json",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **staff_api._headers(None),
    )
    assert response.status_code == 411
    assert "Content-Length" in body(response)["detail"]
    assert not ApiToken.objects.filter(last_used_at__isnull=False).exists()  # refused first


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe{", b"{not json", b"[1, 2]", b'"just text"', b"null"],
)
def test_a_body_that_is_not_a_json_object_is_400(staff_api, raw):
    response = staff_api.post("/organizations", raw)
    assert response.status_code == 400
    assert body(response)["detail"]


def test_an_unknown_api_address_is_a_json_404(staff_api, anonymous_api):
    for client in (staff_api, anonymous_api):
        response = client.client.get("/api/v2/organizations")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "/api/v1/docs" in body(response)["detail"]
