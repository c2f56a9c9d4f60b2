"""The give and take of a partnership over the last twelve months: what each side contributed.

Counted from the contact log and the commitments, in two grouped queries (also for many
partnerships at once, so a list of partnerships never counts row by row).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from allies.partnerships.models import Commitment, CommitmentStatus, Partnership, Side
from allies.stewardship.models import Contact, ContactKind

WINDOW_DAYS = 365
COMMITMENTS_KEPT = "commitments_kept"

# What the library gives, as logged contacts. Thanks and congratulations are courtesy, not a
# contribution, so they count toward neither side.
LIBRARY_GIVES = (
    ContactKind.TOUR,
    ContactKind.SPACE,
    ContactKind.RESULTS,
    ContactKind.LIBRARY_NEWS,
    ContactKind.INVITATION,
)


@dataclass(frozen=True)
class GiveAndTake:
    """Counts for one partnership in the window [since, until], both days included.

    partner_by_kind: support kinds (SupportKind values) and "commitments_kept" → count.
    library_by_kind: contact kinds of LIBRARY_GIVES (ContactKind values) and "commitments_kept".
    Kinds with no count are absent.
    """

    since: datetime.date
    until: datetime.date
    partner_by_kind: dict[str, int] = field(default_factory=dict)
    library_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def partner_gave(self) -> int:
        return sum(self.partner_by_kind.values())

    @property
    def library_gave(self) -> int:
        return sum(self.library_by_kind.values())

    @property
    def total(self) -> int:
        return self.partner_gave + self.library_gave


def window(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve months ending on `day`: [day - 365 days, day], both ends included."""
    return day - datetime.timedelta(days=WINDOW_DAYS), day


def give_and_take(partnership: Partnership, day: datetime.date) -> GiveAndTake:
    """What the partner and the library gave each other in the window [day - 365 days, day].

    The partner gave:
      - each contact of kind "support received" (Contact.kind == SUPPORT) whose `happened_on` is in
        the window, counted by its support kind (an empty support kind counts as "other");
      - each commitment the partner owed (owed_by == PARTNER) with status KEPT and `done_on` in the
        window (kept late counts too: it was given), under "commitments_kept".
    The library gave:
      - each contact whose kind is a tour given, meeting space offered or provided, results shared,
        library news shared or an invitation sent (LIBRARY_GIVES), `happened_on` in the window,
        counted by contact kind;
      - each commitment the library owed, KEPT with `done_on` in the window, under
        "commitments_kept".
    Missed and open commitments, thanks, congratulations, meetings, calls and problems count for
    neither side. Both window ends are included: a contact exactly 365 days before `day` counts, one
    366 days before does not, and one after `day` does not.
    """
    return give_and_take_for([partnership.pk], day)[partnership.pk]


def give_and_take_for(partnership_ids: Iterable[int], day: datetime.date) -> dict[int, GiveAndTake]:
    """`give_and_take` for many partnerships in two queries: {partnership_id: GiveAndTake}.

    Every id asked for is in the answer (with empty counts when nothing was given).
    """
    ids = list(partnership_ids)
    since, until = window(day)
    partner: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    library: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    contacts = (
        Contact.objects.filter(
            partnership_id__in=ids,
            happened_on__gte=since,
            happened_on__lte=until,
            kind__in=[ContactKind.SUPPORT, *LIBRARY_GIVES],
        )
        .order_by()
        .values_list("partnership_id", "kind", "support_kind")
        .annotate(n=Count("id"))
    )
    for partnership_id, kind, support_kind, n in contacts:
        if kind == ContactKind.SUPPORT:
            key, side = support_kind or "other", partner[partnership_id]
        else:
            key, side = kind, library[partnership_id]
        side[key] = side.get(key, 0) + n
    kept = (
        Commitment.objects.filter(
            partnership_id__in=ids,
            status=CommitmentStatus.KEPT,
            done_on__gte=since,
            done_on__lte=until,
        )
        .order_by()
        .values_list("partnership_id", "owed_by")
        .annotate(n=Count("id"))
    )
    for partnership_id, owed_by, n in kept:
        side = partner if owed_by == Side.PARTNER else library
        side[partnership_id][COMMITMENTS_KEPT] = n
    return {
        pk: GiveAndTake(
            since=since, until=until, partner_by_kind=partner[pk], library_by_kind=library[pk]
        )
        for pk in ids
    }
