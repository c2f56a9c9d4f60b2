"""Limits on signing in and on the e-mails anyone can make Allies send.

Counting is django-ratelimit's: fixed windows kept in the "shared" cache, which lives in the
database, so every app process on every machine counts together and no cache server is needed.
(django-ratelimit rather than django-axes: these are two limits of different sizes, per account and
per address, plus hourly e-mail limits, which ratelimit's keys and rates express directly while
axes has one failure limit for all its lockout parameters. The database cache increments by read
and write, so a burst of simultaneous tries may be counted a little short.)

- sign-in: after SIGN_IN_FAILURES_PER_ACCOUNT wrong passwords for one e-mail address, or
  SIGN_IN_FAILURES_PER_ADDRESS from one network address, within SIGN_IN_WINDOW, further tries are
  refused until the window ends. The refusal reads the same whether the account exists or not, and
  the password is not even checked while it lasts. Each lockout is recorded (SignInLockout) so
  owners see recent lockouts of their members.
- password-reset e-mails: RESET_EMAILS_PER_HOUR per e-mail address and RESET_REQUESTS_PER_HOUR per
  network address.
- invitation e-mails: INVITATIONS_PER_HOUR per invited e-mail address and INVITATIONS_PER_HOUR_PER_ADDRESS
  per network address.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from allies.libraries.models import SignInLockout

SIGN_IN_WINDOW = "15m"
SIGN_IN_FAILURES_PER_ACCOUNT = 5
SIGN_IN_FAILURES_PER_ADDRESS = 20
RESET_EMAILS_PER_HOUR = 3
RESET_REQUESTS_PER_HOUR = 10
INVITATIONS_PER_HOUR = 3
INVITATIONS_PER_HOUR_PER_ADDRESS = 30


def client_address(request) -> str:
    """The network address of whoever sent the request.

    Behind a proxy (BEHIND_PROXY=true), the address the proxy saw: the last one it appended to
    X-Forwarded-For (earlier ones are whatever the client chose to send).
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:45]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45]


def _usage(request, group: str, value: str, rate: str, increment: bool) -> dict:
    return get_usage(
        request,
        group=group,
        key=lambda _group, _request: value,
        rate=rate,
        method=ALL,
        increment=increment,
    )


def _wait(usages) -> int:
    """Seconds until every exhausted limit among `usages` opens again (0: none is exhausted).

    In the very second a window ends, django-ratelimit still counts in it but reports no time
    left: that second waits one more, or it would let one try through past the limit. When the
    cache cannot be read, ratelimit reports a limit of 0 already reached: the try is refused
    (ratelimit's default, kept: a broken count must not open the door to guessing passwords).
    """
    waits = [max(1, u["time_left"]) for u in usages if u and u["count"] >= u["limit"]]
    return max(waits, default=0)


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many tries. Wait %(minutes)s minute, then try again.",
        "Too many tries. Wait %(minutes)s minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}


def _account_key(email: str) -> str:
    return (email or "").strip().lower()[:254]


def sign_in_wait(request, email: str) -> int:
    """Seconds this sign-in must wait (0: it may try)."""
    return _wait(
        [
            _usage(
                request,
                "signin-account",
                _account_key(email),
                f"{SIGN_IN_FAILURES_PER_ACCOUNT}/{SIGN_IN_WINDOW}",
                increment=False,
            ),
            _usage(
                request,
                "signin-address",
                client_address(request),
                f"{SIGN_IN_FAILURES_PER_ADDRESS}/{SIGN_IN_WINDOW}",
                increment=False,
            ),
        ]
    )


def record_sign_in_failure(request, email: str) -> None:
    """Count a wrong password; record a lockout when this one reached a limit."""
    address = client_address(request)
    account = _usage(
        request,
        "signin-account",
        _account_key(email),
        f"{SIGN_IN_FAILURES_PER_ACCOUNT}/{SIGN_IN_WINDOW}",
        increment=True,
    )
    by_address = _usage(
        request,
        "signin-address",
        address,
        f"{SIGN_IN_FAILURES_PER_ADDRESS}/{SIGN_IN_WINDOW}",
        increment=True,
    )
    now = timezone.now()
    for usage, kind in (
        (account, SignInLockout.Kind.ACCOUNT),
        (by_address, SignInLockout.Kind.ADDRESS),
    ):
        if usage["count"] == usage["limit"]:
            SignInLockout.objects.create(
                email=_account_key(email),
                address=address,
                kind=kind,
                until=now + timedelta(seconds=usage["time_left"]),
            )


def _email_wait(request, group: str, email: str, per_email: int, per_address: int) -> int:
    """Count one e-mail about to be sent; seconds to wait if a limit was already reached."""
    checks = [
        (f"{group}-email", _account_key(email), f"{per_email}/h"),
        (f"{group}-address", client_address(request), f"{per_address}/h"),
    ]
    wait = _wait([_usage(request, g, v, r, increment=False) for g, v, r in checks])
    if not wait:
        for g, v, r in checks:
            _usage(request, g, v, r, increment=True)
    return wait


def password_reset_wait(request, email: str) -> int:
    return _email_wait(request, "reset", email, RESET_EMAILS_PER_HOUR, RESET_REQUESTS_PER_HOUR)


def invitation_wait(request, email: str) -> int:
    return _email_wait(
        request, "invite", email, INVITATIONS_PER_HOUR, INVITATIONS_PER_HOUR_PER_ADDRESS
    )


def recent_lockouts(library, days: int = 30):
    """Lockouts of the library's members' accounts in the last `days` days, newest first."""
    from allies.libraries.models import Membership

    emails = Membership.objects.filter(library=library).values("user__email")
    since = timezone.now() - timedelta(days=days)
    return SignInLockout.objects.filter(email__in=emails, created_at__gte=since)[:50]
