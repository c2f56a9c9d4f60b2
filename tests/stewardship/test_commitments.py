"""Commitments of both sides (kept on time, late, missed, and how they read), and the give and take of
the last twelve months, counted on hand-made timelines with the window's edges."""

import datetime

import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.commitments import state_of
from allies.partnerships.models import (
    Commitment,
    CommitmentStatus,
    LogEntry,
    Partnership,
    Stage,
)
from allies.stewardship.give_and_take import give_and_take, give_and_take_for
from allies.stewardship.models import Contact

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def partnership(library):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    return Partnership.objects.create(
        library=library, organization=organization, stage=Stage.ACTIVE
    )


def base(partnership):
    return f"/l/riverton/partners/{partnership.pk}/"


def promise(partnership, owed_by="partner", what="Twenty chairs", due_on=None, **fields):
    return Commitment.objects.create(
        library=partnership.library,
        partnership=partnership,
        owed_by=owed_by,
        what=what,
        due_on=due_on or TODAY + 30 * DAY,
        **fields,
    )


def test_staff_add_a_commitment_and_it_reaches_the_timeline(staff_client, staff, partnership):
    due = TODAY + 30 * DAY
    response = staff_client.post(
        f"{base(partnership)}commitments/new/",
        {"owed_by": "library", "what": "A story corner at the fair", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{base(partnership)}#commitments"
    commitment = Commitment.objects.get()
    assert (commitment.owed_by, commitment.due_on, commitment.status) == ("library", due, "open")
    assert commitment.created_by == staff and commitment.library == partnership.library
    assert "A story corner at the fair" in LogEntry.objects.get().summary


def test_a_new_commitment_without_its_facts_is_refused_and_kept(staff_client, partnership):
    response = staff_client.post(
        f"{base(partnership)}commitments/new/", {"owed_by": "", "what": "Chairs", "due_on": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say which side promised it." in html and "Say by when it is due." in html
    assert 'value="Chairs"' in html
    assert " Riverton Rotary Club</label>" in html  # the partner is named, not "the partner"
    assert not Commitment.objects.exists()


def test_kept_on_time_kept_late_and_missed(staff_client, partnership):
    on_time = promise(partnership, what="Chairs", due_on=TODAY - 2 * DAY)
    late = promise(partnership, what="Flyers", due_on=TODAY - 10 * DAY)
    missed = promise(partnership, owed_by="library", what="A tour", due_on=TODAY - DAY)
    url = f"{base(partnership)}commitments/%d/%s/"
    staff_client.post(url % (on_time.pk, "kept"), {"done_on": (TODAY - 3 * DAY).isoformat()})
    staff_client.post(url % (late.pk, "kept"), {"done_on": TODAY.isoformat()})
    response = staff_client.post(url % (missed.pk, "missed"))
    assert response.status_code == 302
    for commitment in (on_time, late, missed):
        commitment.refresh_from_db()
    assert (on_time.status, on_time.was_late) == (CommitmentStatus.KEPT, False)
    assert (late.status, late.was_late, late.done_on) == (CommitmentStatus.KEPT, True, TODAY)
    assert (missed.status, missed.done_on) == (CommitmentStatus.MISSED, None)
    html = staff_client.get(base(partnership)).content.decode()
    for words in ["Kept on time", "Kept late", "Missed", "The library promised"]:
        assert words in html
    summaries = " ".join(LogEntry.objects.values_list("summary", flat=True))
    assert "late" in summaries and "missed" in summaries


def test_kept_in_the_future_or_without_a_day_is_refused(staff_client, partnership):
    commitment = promise(partnership)
    url = f"{base(partnership)}commitments/{commitment.pk}/kept/"
    response = staff_client.post(url, {"done_on": (TODAY + DAY).isoformat()})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert staff_client.post(url, {"done_on": ""}).status_code == 400
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN
    page = staff_client.get(url)
    assert page.status_code == 200 and f'value="{TODAY.isoformat()}"' in page.content.decode()


def test_the_status_reads_in_words_on_the_day():
    def state(due_days, status="open", done_days=None):
        commitment = Commitment(
            owed_by="partner",
            what="x",
            due_on=TODAY + due_days * DAY,
            status=status,
            done_on=TODAY + done_days * DAY if done_days is not None else None,
        )
        return state_of(commitment, TODAY)

    assert state(30) == "open"
    assert state(14) == "due_soon"
    assert state(0) == "due_soon"
    assert state(-1) == "overdue"
    assert state(-5, "kept", -5) == "kept"
    assert state(-5, "kept", -4) == "kept_late"
    assert state(5, "missed") == "missed"


def test_the_page_lists_both_sides_with_their_states(staff_client, partnership):
    promise(partnership, what="Prizes for the raffle", due_on=TODAY - DAY)
    promise(partnership, owed_by="library", what="Meeting room on Tuesdays", due_on=TODAY + 3 * DAY)
    html = staff_client.get(base(partnership)).content.decode()
    assert "Riverton Rotary Club promised" in html
    assert html.index("Prizes for the raffle") < html.index("Overdue")
    assert "Due soon" in html and "Mark kept" in html and "Mark missed" in html


def test_edit_can_set_a_commitment_back_and_needs_a_day_when_kept(staff_client, partnership):
    commitment = promise(partnership, status="kept", done_on=TODAY - DAY)
    url = f"{base(partnership)}commitments/{commitment.pk}/edit/"
    data = {"owed_by": "partner", "what": "Thirty chairs", "due_on": TODAY.isoformat()}
    response = staff_client.post(url, {**data, "status": "kept", "done_on": ""})
    assert (
        response.status_code == 400 and "Say on which day it was kept." in response.content.decode()
    )
    response = staff_client.post(url, {**data, "status": "open", "done_on": ""})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.what, commitment.status, commitment.done_on) == (
        "Thirty chairs",
        "open",
        None,
    )


def test_volunteers_see_commitments_but_cannot_change_them(volunteer_client, partnership):
    commitment = promise(partnership)
    html = volunteer_client.get(base(partnership)).content.decode()
    assert "Twenty chairs" in html and "Mark kept" not in html
    url = f"{base(partnership)}commitments/"
    for suffix in ["new/", f"{commitment.pk}/edit/", f"{commitment.pk}/kept/"]:
        assert volunteer_client.get(url + suffix).status_code == 403
        assert volunteer_client.post(url + suffix, {}).status_code == 403
    assert volunteer_client.post(f"{url}{commitment.pk}/missed/").status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


def test_outsiders_get_404(outsider_client, partnership):
    commitment = promise(partnership)
    url = f"{base(partnership)}commitments/"
    for suffix in [
        "new/",
        f"{commitment.pk}/edit/",
        f"{commitment.pk}/kept/",
        f"{commitment.pk}/missed/",
    ]:
        assert outsider_client.get(url + suffix).status_code == 404
        assert outsider_client.post(url + suffix, {"done_on": TODAY.isoformat()}).status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


def test_a_commitment_of_another_partnership_is_404(staff_client, partnership, library):
    other = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Other")
    )
    commitment = promise(other)
    url = f"{base(partnership)}commitments/{commitment.pk}/missed/"
    assert staff_client.post(url).status_code == 404


# Give and take ---------------------------------------------------------------------------------


def contact(partnership, kind, days_ago, support_kind=""):
    return Contact.objects.create(
        library=partnership.library,
        partnership=partnership,
        kind=kind,
        support_kind=support_kind,
        happened_on=TODAY - days_ago * DAY,
    )


def test_give_and_take_counts_each_side_inside_the_window(partnership, library):
    contact(partnership, "support", 0, "funded")
    contact(partnership, "support", 365, "budget_meeting")  # exactly a year ago: counts
    contact(partnership, "support", 366, "funded")  # a day too old: does not
    contact(partnership, "support", -1, "funded")  # tomorrow: not yet
    contact(partnership, "support", 100, "funded")
    contact(partnership, "tour", 365)
    contact(partnership, "space", 366)
    contact(partnership, "results", 3)
    contact(partnership, "library_news", 3)
    contact(partnership, "invitation", 200)
    for kind in ["thanks", "congratulations", "meeting", "call", "problem", "chat"]:
        contact(partnership, kind, 1)  # courtesy and talk count for neither side
    promise(partnership, "partner", due_on=TODAY, status="kept", done_on=TODAY - 365 * DAY)
    promise(partnership, "partner", due_on=TODAY, status="kept", done_on=TODAY - 366 * DAY)
    promise(partnership, "partner", due_on=TODAY - 30 * DAY, status="kept", done_on=TODAY)  # late
    promise(partnership, "partner", due_on=TODAY - 30 * DAY, status="missed")
    promise(partnership, "library", due_on=TODAY, status="kept", done_on=TODAY - 10 * DAY)
    promise(partnership, "library", due_on=TODAY - DAY)  # open: not given yet
    other = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Other")
    )
    contact(other, "support", 1, "funded")

    result = give_and_take(partnership, TODAY)
    assert result.since == TODAY - 365 * DAY and result.until == TODAY
    assert result.partner_by_kind == {"funded": 2, "budget_meeting": 1, "commitments_kept": 2}
    assert result.library_by_kind == {
        "tour": 1,
        "results": 1,
        "library_news": 1,
        "invitation": 1,
        "commitments_kept": 1,
    }
    assert (result.partner_gave, result.library_gave) == (5, 5)


def test_give_and_take_for_many_answers_every_id_in_two_queries(
    partnership, library, django_assert_num_queries
):
    quiet = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Quiet")
    )
    contact(partnership, "support", 10, "volunteered")
    contact(partnership, "support", 20, "")  # an unnamed support counts as "other"
    with django_assert_num_queries(2):
        results = give_and_take_for([partnership.pk, quiet.pk], TODAY)
    assert results[partnership.pk].partner_by_kind == {"volunteered": 1, "other": 1}
    assert results[quiet.pk].total == 0


def test_the_page_shows_the_give_and_take_in_words(staff_client, partnership):
    contact(partnership, "support", 10, "wrote_to_council")
    contact(partnership, "support", 11, "wrote_to_council")
    contact(partnership, "tour", 12)
    html = staff_client.get(base(partnership)).content.decode()
    assert "Riverton Rotary Club gave 2; the library gave 1." in html
    assert "Wrote to the council: 2" in html and "Tour given: 1" in html
