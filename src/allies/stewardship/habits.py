"""The seven habits measured from the contact log: how often the library did what it meant to do.

`assess(library, since=..., until=...)` looks at the period and, for each habit, counts the
*opportunities* (moments when the habit applied) and how many were *followed* by the right contact.
The rate is followed / opportunities; the rating compares it with the library's thresholds
(StewardshipSettings): "Always" from `always_at_percent` (80 unless changed), "Never" below
`never_below_percent` (20), "Sometimes" in between; no rating when there was no opportunity.
"The window" below is `evidence_within_days` (14): a follow-up on the same day or up to that many
days later counts, one day more does not.

The rules, habit by habit:

- thank: each "Support received" contact in the period is an opportunity; it is followed when a
  "Thank-you sent" contact for the same partnership falls within the window after it.
- congratulate: each "Partner news noted" in the period; followed by "Congratulations sent" for the
  same partnership within the window.
- share news: two kinds of opportunity, counted together. (a) Each outreach pilot that ended in the
  period; followed by "Results shared" for its partnership within the window after its last day.
  (b) Each working partnership (stage Pilot or Active, not archived) and each quarter of the period:
  quarters are counted back from the period's last day in blocks of 91 days, only whole blocks inside
  the period, and only those starting on or after the day the partnership started (when known); a
  quarter is followed when "Library news shared" or "Results shared" was logged for the partnership
  in it. Twelve months hold four quarters.
- invite: each of the library's own events in the period; followed when at least one working
  partnership got an "Invitation sent" contact in the 60 days before the event (not on the day).
- leadership: each "Leadership change noted"; followed by a meeting, call, visit, tour or invitation
  with the same partnership within the window.
- offer space: each working partnership; followed when "Meeting space offered or provided" was
  logged for it at least once in the period.
- chat: each working partnership and each quarter of the period (as for share news); followed when
  an "Informal chat" was logged in that quarter. Chats are small and frequent, so once a year is not
  enough to call it a habit.

Opportunities whose time has not run out yet (the window or the event is still ahead of the day of
assessment) and that are not followed yet are left out: they are not missed, only pending.

Every habit but leadership shares one query that loads only the days of the contacts they look at,
and counts them in plain Python beside plain lists of the pilots, events and working partnerships.
Leadership changes take one query that looks up the follow-up of each (rare) change in the
database: its follow-ups are meetings and calls, the most common contacts, not worth loading.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.outreach.models import Pilot
from allies.partnerships.models import Partnership, Stage
from allies.stewardship.models import (
    Contact,
    ContactKind,
    Frequency,
    Habit,
    LibraryEvent,
    StewardshipSettings,
    SurveyAnswer,
)

QUARTER_DAYS = 91
INVITE_AHEAD_DAYS = 60
WORKING_STAGES = [Stage.PILOT, Stage.ACTIVE]
LEADERSHIP_FOLLOW_UPS = [
    ContactKind.MEETING,
    ContactKind.CALL,
    ContactKind.VISIT,
    ContactKind.TOUR,
    ContactKind.INVITATION,
]
# The contacts that follow the regular habits: share news, chat, offer space.
REGULAR_KINDS = {
    "news": [ContactKind.LIBRARY_NEWS, ContactKind.RESULTS],
    "chat": [ContactKind.CHAT],
    "space": [ContactKind.SPACE],
}


# The rule of each habit in one sentence, for the habits page (docs/stewardship.md says it all).
RULES = {
    Habit.THANK: _("Support received, followed by a thank-you within %(days)s days."),
    Habit.CONGRATULATE: _("Partner news noted, followed by congratulations within %(days)s days."),
    Habit.SHARE_NEWS: _(
        "Results shared within %(days)s days after a pilot ends, and news or results shared with "
        "each working partner every quarter."
    ),
    Habit.INVITE: _(
        "Each library event with at least one working partner invited in the 60 days before."
    ),
    Habit.LEADERSHIP: _(
        "A leadership change, followed within %(days)s days by a meeting, call, visit, tour or "
        "invitation."
    ),
    Habit.OFFER_SPACE: _("Each working partner offered meeting space at least once in the period."),
    Habit.CHAT: _("An informal chat with each working partner every quarter."),
}


@dataclass
class HabitEvidence:
    """What the log says about one habit over a period."""

    habit: str
    label: str
    opportunities: int = 0
    followed: int = 0
    rate: float | None = None
    rating: str | None = None
    # Partnerships with at least one opportunity not followed (ids, ordered).
    gap_partnership_ids: list[int] = field(default_factory=list)
    # For the invite habit: the library events to which nobody was invited.
    gap_event_ids: list[int] = field(default_factory=list)

    def rule(self, days: int) -> str:
        return str(RULES[self.habit]) % {"days": days}

    @property
    def rating_label(self) -> str:
        return Frequency(self.rating).label if self.rating else ""


def rating_for(followed: int, opportunities: int, settings: StewardshipSettings) -> str | None:
    """Always / Sometimes / Never by the library's thresholds (integer maths: 80% is exactly 80%)."""
    if not opportunities:
        return None
    if followed * 100 >= settings.always_at_percent * opportunities:
        return Frequency.ALWAYS
    if followed * 100 < settings.never_below_percent * opportunities:
        return Frequency.NEVER
    return Frequency.SOMETIMES


def quarters(
    since: datetime.date, until: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Whole 91-day blocks counted back from `until`, inside [since, until], oldest first."""
    blocks = []
    end = until
    while end - datetime.timedelta(days=QUARTER_DAYS - 1) >= since:
        start = end - datetime.timedelta(days=QUARTER_DAYS - 1)
        blocks.append((start, end))
        end = start - datetime.timedelta(days=1)
    return list(reversed(blocks))


def _dates_by_partnership(queryset) -> dict[tuple[int, str], list[datetime.date]]:
    """{(partnership_id, kind): sorted days} from one query of (partnership_id, kind, happened_on).

    Sorted here rather than in the database: a few thousand small lists sort faster than SQLite
    builds a temporary index.
    """
    days: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    rows = queryset.order_by().values_list("partnership_id", "kind", "happened_on")
    for partnership_id, kind, day in rows:
        days[partnership_id, kind].append(day)
    for dates in days.values():
        dates.sort()
    return days


def _matched(days, opening_kind, follow_kinds, since, until, window, today):
    """Per partnership: (opportunities, followed) for opening contacts followed within the window.

    Plain Python on the days already loaded: a follow-up on the same day or up to `window` days
    later counts. An opening not followed whose window is still open today is pending: left out.
    """
    follow_ups: dict[int, list[datetime.date]] = defaultdict(list)
    for (partnership_id, kind), dates in days.items():
        if kind in follow_kinds:
            follow_ups[partnership_id].extend(dates)
    for dates in follow_ups.values():
        dates.sort()
    tally: dict[int, tuple[int, int]] = {}
    last_open = today - datetime.timedelta(days=window)
    for (partnership_id, kind), dates in days.items():
        if kind != opening_kind:
            continue
        total = followed = 0
        answers = follow_ups.get(partnership_id, [])
        for day in dates:
            if not since <= day <= until:
                continue
            index = bisect.bisect_left(answers, day)
            done = index < len(answers) and answers[index] <= day + datetime.timedelta(days=window)
            if done or day <= last_open:
                total += 1
                followed += done
        if total:
            tally[partnership_id] = (total, followed)
    return tally


def _contact_days(library, since, until, window):
    """The days of the contacts the matched, the regular and the invite habits and the pilots look
    at (support, thanks, partner news, congratulations; news, results, chats, meeting space;
    invitations), by partnership and kind: one query on the kind index for every period, counted
    in Python. From the first day an invitation can count for (before an event of the period) to
    the last day a follow-up can count for."""
    return _dates_by_partnership(
        Contact.objects.filter(
            library=library,
            kind__in=[
                ContactKind.SUPPORT,
                ContactKind.THANKS,
                ContactKind.PARTNER_NEWS,
                ContactKind.CONGRATULATIONS,
                *(kind for kinds in REGULAR_KINDS.values() for kind in kinds),
                ContactKind.INVITATION,
            ],
            happened_on__gte=since - datetime.timedelta(days=INVITE_AHEAD_DAYS),
            happened_on__lte=until + datetime.timedelta(days=window),
        )
    )


def _plus_days(name: str, days: int):
    return ExpressionWrapper(
        F(name) + datetime.timedelta(days=days), output_field=models.DateField()
    )


def _leadership(library, since, until, window):
    """Each leadership change in the period: (partnership, day, followed by a meeting, call, visit,
    tour or invitation within the window).

    Leadership changes are rare and meetings common, so the database looks for the follow-up of
    each change along the partnership's own index instead of loading the meetings.
    """
    follow_up = Contact.objects.filter(
        partnership_id=OuterRef("partnership_id"),
        kind__in=LEADERSHIP_FOLLOW_UPS,
        happened_on__gte=OuterRef("happened_on"),
        happened_on__lte=OuterRef("window_end"),
    )
    return list(
        Contact.objects.filter(
            library=library,
            kind=ContactKind.LEADERSHIP_CHANGE,
            happened_on__gte=since,
            happened_on__lte=until,
        )
        .annotate(window_end=_plus_days("happened_on", window))
        .annotate(done=Exists(follow_up))
        .order_by()
        .values_list("partnership_id", "happened_on", "done")
    )


def _pilots(library, since, until, window, days):
    """Each pilot that ended in the period: (partnership, last day, results shared within the
    window after it), from the days already loaded (`_contact_days`)."""
    after = datetime.timedelta(days=window)
    rows = Pilot.objects.filter(library=library, ends_on__gte=since, ends_on__lte=until)
    return [
        (pk, day, _logged_between(days, pk, [ContactKind.RESULTS], day, day + after))
        for pk, day in rows.order_by().values_list("partnership_id", "ends_on")
    ]


def _tally_moments(rows, since, until, window, today):
    """Per partnership: (moments in [since, until], those followed), from (partnership, day,
    followed) rows; a moment not followed whose window is still open today is left out."""
    last_open = today - datetime.timedelta(days=window)
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for partnership_id, day, done in rows:
        if not since <= day <= until:
            continue
        if done or day <= last_open:
            tally[partnership_id][0] += 1
            tally[partnership_id][1] += bool(done)
    return {pk: tuple(counts) for pk, counts in tally.items()}


def _working(library):
    return Partnership.objects.for_library(library).filter(stage__in=WORKING_STAGES)


def _logged_between(days, partnership_id, kinds, start, end) -> bool:
    """Whether a contact of one of `kinds` was logged for the partnership from `start` to `end`."""
    for kind in kinds:
        dates = days.get((partnership_id, kind), ())
        index = bisect.bisect_left(dates, start)
        if index < len(dates) and dates[index] <= end:
            return True
    return False


def _regular_habits(days, working, since, until, today):
    """Share news (quarters), chat (quarters) and offer space (once) for each working partnership,
    from the days already loaded (`_contact_days`) and the working partnerships' (pk, started_on)."""
    blocks = [(start, end) for start, end in quarters(since, until) if end <= today]
    news, chat, space = {}, {}, {}
    for pk, started_on in working:
        space[pk] = (1, int(_logged_between(days, pk, REGULAR_KINDS["space"], since, until)))
        counted = [
            (start, end) for start, end in blocks if started_on is None or started_on <= start
        ]
        if counted:
            for tally, kinds in ((news, REGULAR_KINDS["news"]), (chat, REGULAR_KINDS["chat"])):
                followed = sum(_logged_between(days, pk, kinds, *block) for block in counted)
                tally[pk] = (len(counted), followed)
    return news, chat, space


def _invitations(library, since, until, today, days, working):
    """Each of the library's events in the period, by day: (event, day, a working partnership was
    invited in the 60 days before it), from the days already loaded (`_contact_days`) and the
    working partnerships; the events still ahead and not followed yet are left out."""
    invited = sorted(
        day for pk, _started_on in working for day in days.get((pk, ContactKind.INVITATION), ())
    )
    rows = []
    events = LibraryEvent.objects.filter(
        library=library, starts_on__gte=since, starts_on__lte=until
    ).order_by("starts_on", "id")
    for pk, day in events.values_list("pk", "starts_on"):
        index = bisect.bisect_left(invited, day - datetime.timedelta(days=INVITE_AHEAD_DAYS))
        done = index < len(invited) and invited[index] < day
        if done or day <= today:
            rows.append((pk, day, done))
    return rows


def _merge(*tallies: dict) -> dict:
    merged: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for tally in tallies:
        for pk, (total, followed) in tally.items():
            merged[pk][0] += total
            merged[pk][1] += followed
    return merged


def _evidence(habit, tally, settings) -> HabitEvidence:
    opportunities = sum(total for total, _followed in tally.values())
    followed = sum(done for _total, done in tally.values())
    return HabitEvidence(
        habit=habit,
        label=str(Habit(habit).label),
        opportunities=opportunities,
        followed=followed,
        rate=followed / opportunities if opportunities else None,
        rating=rating_for(followed, opportunities, settings),
        gap_partnership_ids=sorted(pk for pk, (total, done) in tally.items() if done < total),
    )


def assess(
    library,
    *,
    since: datetime.date,
    until: datetime.date,
    today: datetime.date | None = None,
    settings: StewardshipSettings | None = None,
) -> list[HabitEvidence]:
    """Each habit's evidence from the log between `since` and `until` (both included), in Habit order."""
    return assess_many(library, [(since, until)], today=today, settings=settings)[0]


def assess_many(
    library,
    periods: list[tuple[datetime.date, datetime.date]],
    *,
    today: datetime.date | None = None,
    settings: StewardshipSettings | None = None,
) -> list[list[HabitEvidence]]:
    """`assess` for each (since, until) of `periods`, in that order, with the same answers.

    The rows are loaded once for the span of all the periods (each row's day says which periods
    it falls in) and counted per period in Python: the dashboard's four quarters and the whole
    year take the queries of one period and a few more, not five times as many.
    """
    if not periods:
        return []
    today = today or timezone.localdate()
    settings = settings or StewardshipSettings.for_library(library)
    window = settings.evidence_within_days
    first = min(since for since, _until in periods)
    last = max(until for _since, until in periods)
    days = _contact_days(library, first, last, window)
    working = list(_working(library).order_by().values_list("pk", "started_on"))
    events = _invitations(library, first, last, today, days, working)
    pilots = _pilots(library, first, last, window, days)
    changes = _leadership(library, first, last, window)
    return [
        _assess_period(since, until, today, settings, days, events, pilots, changes, working)
        for since, until in periods
    ]


def _assess_period(since, until, today, settings, days, events, pilots, changes, working):
    window = settings.evidence_within_days
    span = (since, until, window, today)
    here = [(pk, done) for pk, day, done in events if since <= day <= until]
    invite = HabitEvidence(
        habit=Habit.INVITE,
        label=str(Habit.INVITE.label),
        opportunities=len(here),
        followed=sum(1 for _pk, done in here if done),
        gap_event_ids=[pk for pk, done in here if not done],
    )
    if invite.opportunities:
        invite.rate = invite.followed / invite.opportunities
        invite.rating = rating_for(invite.followed, invite.opportunities, settings)
    news, chat, space = _regular_habits(days, working, since, until, today)
    by_habit = {
        Habit.THANK: _matched(days, ContactKind.SUPPORT, {ContactKind.THANKS}, *span),
        Habit.CONGRATULATE: _matched(
            days, ContactKind.PARTNER_NEWS, {ContactKind.CONGRATULATIONS}, *span
        ),
        Habit.SHARE_NEWS: _merge(_tally_moments(pilots, *span), news),
        Habit.LEADERSHIP: _tally_moments(changes, *span),
        Habit.OFFER_SPACE: space,
        Habit.CHAT: chat,
    }
    return [
        invite if habit == Habit.INVITE else _evidence(habit, by_habit[habit], settings)
        for habit in Habit.values
    ]


ANSWER_ORDER = [Frequency.ALWAYS, Frequency.SOMETIMES, Frequency.NEVER]


def self_view(library) -> dict[str, dict[str, int]]:
    """Per habit, how many current members last answered Always, Sometimes, Never.

    Every answering is kept; only each person's latest answer per habit counts here.
    """
    spread = {habit: dict.fromkeys(ANSWER_ORDER, 0) for habit in Habit.values}
    seen = set()
    rows = (
        SurveyAnswer.objects.filter(library=library, user__memberships__library=library)
        .order_by("user_id", "habit", "-answered_at", "-id")
        .values_list("user_id", "habit", "answer")
    )
    for user_id, habit, answer in rows:
        if (user_id, habit) in seen or habit not in spread or answer not in spread[habit]:
            continue
        seen.add((user_id, habit))
        spread[habit][answer] += 1
    return spread


def latest_answers(library, user) -> dict[str, str]:
    """One person's latest answer per habit (to start the survey from)."""
    answers = {}
    rows = (
        SurveyAnswer.objects.filter(library=library, user=user)
        .order_by("habit", "-answered_at", "-id")
        .values_list("habit", "answer")
    )
    for habit, answer in rows:
        answers.setdefault(habit, answer)
    return answers


def staff_says(counts: dict[str, int]) -> str | None:
    """The answer most staff gave (a tie goes to the middle answer); None when nobody answered."""
    total = sum(counts.values())
    if not total:
        return None
    best = max(counts.values())
    leaders = [answer for answer in ANSWER_ORDER if counts[answer] == best]
    return leaders[0] if len(leaders) == 1 else Frequency.SOMETIMES


def gap_in_words(counts: dict[str, int], evidence: HabitEvidence) -> str:
    """Self-view against the log, in one sentence."""
    says = staff_says(counts)
    if says is None and evidence.rating is None:
        return str(_("Nobody has answered yet, and the log had no chance to show this habit."))
    if says is None:
        return str(_("Nobody has answered yet; the log says %(log)s.")) % {
            "log": evidence.rating_label
        }
    said = Frequency(says).label
    if evidence.rating is None:
        return str(
            _("Most of you say %(self)s; the period gave the log no chance to show this habit.")
        ) % {"self": said}
    if says == evidence.rating:
        return str(_("You and the log agree: %(log)s.")) % {"log": evidence.rating_label}
    return str(_("Most of you say %(self)s; the log says %(log)s.")) % {
        "self": said,
        "log": evidence.rating_label,
    }
