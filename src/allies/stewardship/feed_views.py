"""Each member's private calendar of their reminders (RFC 5545), at a secret, revocable address.

The address is the only key: anyone who has it sees the reminders, so it can be replaced (the old
one stops working at once) or turned off. It works only while its owner is still a member of the
library.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from allies.core.languages import language_for
from allies.core.text import for_files
from allies.libraries.access import MEMBERS, STAFF, library_view
from allies.libraries.models import Membership
from allies.stewardship.models import CalendarFeed
from allies.stewardship.reminders import reminders_for


def _active_feed(request) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(
        library=request.library, user=request.user, revoked_at__isnull=True
    ).first()


def _revoke(request) -> int:
    return CalendarFeed.objects.filter(
        library=request.library, user=request.user, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


@library_view(role=MEMBERS)
def calendar_settings(request):
    """My calendar address: show it, make a new one, or turn it off."""
    feed = _active_feed(request)
    address = (
        request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else ""
    )
    return render(request, "stewardship/calendar_settings.html", {"feed": feed, "address": address})


@library_view(role=STAFF)
@require_POST
def calendar_new(request):
    """Make a calendar address; an earlier one stops working."""
    replaced = _revoke(request)
    CalendarFeed.objects.create(library=request.library, user=request.user)
    if replaced:
        messages.success(
            request,
            _(
                "A new address is ready. The old one no longer works: subscribe again with this one."
            ),
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar."))
    return redirect("stewardship:calendar", library_slug=request.library.slug)


@library_view(role=STAFF)
@require_POST
def calendar_off(request):
    """Turn the calendar address off: calendars subscribed to it get nothing more."""
    if _revoke(request):
        messages.success(request, _("Your calendar address is turned off."))
    return redirect("stewardship:calendar", library_slug=request.library.slug)


def build_calendar(feed: CalendarFeed, reminders, *, link) -> bytes:
    """A VCALENDAR with one all-day VEVENT per reminder, each with a UID that stays the same."""
    calendar = Calendar()
    calendar.add("prodid", "-//Allies//Partnership reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname", for_files(_("Allies reminders: %(library)s") % {"library": feed.library})
    )
    stamp = timezone.now().astimezone(datetime.UTC)
    for reminder in reminders:
        event = Event()
        event.add("uid", f"{reminder.key.replace(':', '-')}.{feed.library.slug}@allies")
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.due)
        event.add("dtend", reminder.due + datetime.timedelta(days=1))
        event.add("summary", for_files(reminder.text))
        event.add("url", link(reminder))
        event.add("description", for_files(f"{reminder.partner}\n{link(reminder)}"))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_feed(request, token: str):
    """The .ics file calendar programs fetch. No sign-in: the secret address is the key."""
    feed = (
        CalendarFeed.objects.select_related("library", "user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    if not Membership.objects.filter(library=feed.library, user=feed.user).exists():
        raise Http404("No such calendar")

    def link(reminder):
        return request.build_absolute_uri(
            reverse("partnerships:detail", args=[feed.library.slug, reminder.partnership_id])
        )

    # Calendar programs send no useful language: the member's profile decides, else the library.
    with translation.override(language_for(feed.user, feed.library)):
        found = reminders_for(feed.library, day=timezone.localdate(), user=feed.user)
        ical = build_calendar(feed, found, link=link)
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="allies-reminders.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
