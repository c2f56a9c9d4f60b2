"""Partnership health on hand-made timelines: the four challenges and drifting, each with its edge."""

import datetime

import pytest
from django.urls import reverse

from allies.directory.models import Organization
from allies.partnerships.models import Commitment, Partnership
from allies.stewardship.health import is_lopsided, needing_attention, signals_for
from allies.stewardship.models import Contact, StewardshipSettings

D = datetime.date
DAY = D(2026, 6, 30)
# Pages look at today: their timelines are dated from it.
RECENTLY = datetime.date.today() - datetime.timedelta(days=30)


def partner(library, name="Riverton Rotary Club", stage="active", **extra):
    organization = Organization.objects.create(library=library, name=name)
    extra.setdefault("started_on", D(2024, 1, 1))
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, **extra
    )


def contact(partnership, kind, day, count=1, **extra):
    for _ in range(count):
        Contact.objects.create(
            library=partnership.library,
            partnership=partnership,
            kind=kind,
            happened_on=day,
            **extra,
        )


def promise(partnership, owed_by, due_on, status="open", done_on=None):
    return Commitment.objects.create(
        library=partnership.library,
        partnership=partnership,
        owed_by=owed_by,
        what="Something promised",
        due_on=due_on,
        status=status,
        done_on=done_on,
    )


def kinds(partnership, day=DAY):
    return signals_for(partnership, day).kinds


def test_three_to_one_is_not_beyond_four_to_one_is_and_small_totals_are_ignored():
    assert not is_lopsided(3, 1)
    assert is_lopsided(4, 1)
    assert is_lopsided(1, 4)
    assert not is_lopsided(6, 2)
    assert not is_lopsided(3, 0)  # three in all: too few to judge
    assert is_lopsided(4, 0)
    assert not is_lopsided(1, 0)


@pytest.mark.django_db
def test_one_sided_counts_support_and_kept_promises_against_what_the_library_gave(library):
    rotary = partner(library)
    contact(rotary, "support", D(2026, 3, 1), count=3, support_kind="volunteered")
    promise(rotary, "partner", D(2026, 2, 1), status="kept", done_on=D(2026, 2, 1))
    contact(rotary, "results", D(2026, 3, 5))
    contact(rotary, "call", D(2026, 6, 1))  # a call is not something given
    health = signals_for(rotary, DAY)
    assert (health.partner_gave, health.library_gave) == (4, 1)
    assert health.kinds == ["one_sided"]
    assert "gave 4" in health.signals[0].evidence
    promise(rotary, "library", D(2026, 4, 1), status="kept", done_on=D(2026, 4, 2))
    assert kinds(rotary) == []  # 4 to 2


@pytest.mark.django_db
def test_give_and_take_older_than_twelve_months_does_not_count(library):
    rotary = partner(library)
    contact(rotary, "support", D(2025, 6, 29), count=4)  # 366 days before
    contact(rotary, "call", D(2026, 6, 1))
    assert kinds(rotary) == []
    contact(rotary, "support", D(2025, 6, 30), count=4)  # exactly 365 days before: counts
    assert kinds(rotary) == ["one_sided"]


@pytest.mark.django_db
def test_a_one_sided_problem_noted_raises_the_signal(library):
    rotary = partner(library)
    contact(rotary, "problem", D(2026, 5, 2), problem_kind="one_sided")
    health = signals_for(rotary, DAY)
    assert health.kinds == ["one_sided"]
    assert "2 May 2026" in health.signals[0].evidence


@pytest.mark.django_db
def test_obligations_missed_or_long_overdue_on_either_side(library):
    rotary = partner(library)
    contact(rotary, "call", D(2026, 6, 20))
    promise(rotary, "partner", D(2026, 5, 31))  # open, 30 days overdue: not yet
    assert kinds(rotary) == []
    promise(rotary, "partner", D(2026, 5, 30))  # 31 days overdue
    health = signals_for(rotary, DAY)
    assert health.kinds == ["obligations"]
    assert "30 May 2026" in health.signals[0].evidence
    lions = partner(library, "Lions Club")
    contact(lions, "call", D(2026, 6, 20))
    promise(lions, "library", D(2026, 1, 10), status="missed")
    health = signals_for(lions, DAY)
    assert health.kinds == ["obligations"]
    assert "1 by the library, 0 by them" in health.signals[0].evidence
    assert "library" in health.signals[0].next_step


@pytest.mark.django_db
def test_kept_late_and_old_missed_promises_are_no_signal(library):
    rotary = partner(library)
    contact(rotary, "call", D(2026, 6, 20))
    promise(rotary, "partner", D(2026, 1, 1), status="kept", done_on=D(2026, 3, 1))
    promise(rotary, "library", D(2025, 1, 1), status="missed")
    assert kinds(rotary) == []


@pytest.mark.django_db
def test_problems_noted_show_miscommunication_and_a_controlling_partner(library):
    rotary = partner(library)
    contact(rotary, "call", D(2026, 6, 20))
    contact(rotary, "problem", D(2026, 2, 1), problem_kind="miscommunication")
    contact(rotary, "problem", D(2026, 4, 1), problem_kind="miscommunication")
    contact(rotary, "problem", D(2026, 3, 1), problem_kind="controlling")
    contact(rotary, "problem", D(2025, 3, 1), problem_kind="controlling")  # too old to count
    contact(rotary, "problem", D(2026, 3, 1), problem_kind="obligation_missed")
    health = signals_for(rotary, DAY)
    assert health.kinds == ["obligations", "miscommunication", "controlling"]
    miscommunication = health.signals[1]
    assert "2 times" in miscommunication.evidence and "1 Apr 2026" in miscommunication.evidence
    assert "once" in health.signals[2].evidence


@pytest.mark.django_db
def test_drifting_beyond_the_cadence_but_not_when_paused(library):
    rotary = partner(library)
    contact(rotary, "meeting", D(2026, 4, 1))  # 90 days before DAY: within the default cadence
    assert kinds(rotary) == []
    assert kinds(rotary, DAY + datetime.timedelta(days=1)) == ["drifting"]
    paused = partner(library, "Paused club", stage="paused")
    contact(paused, "meeting", D(2025, 12, 30))  # six months ago
    assert kinds(paused) == []
    for stage in ("declined", "ended", "prospect"):
        other = partner(library, f"{stage} club", stage=stage)
        assert kinds(other) == []


@pytest.mark.django_db
def test_drifting_follows_the_partnership_cadence_then_the_library_setting(library):
    StewardshipSettings.objects.create(library=library, keep_in_touch_days=30)
    rotary = partner(library)
    contact(rotary, "meeting", D(2026, 5, 20))  # 41 days
    assert kinds(rotary) == ["drifting"]
    rotary.keep_in_touch_days = 60
    rotary.save()
    assert kinds(rotary) == []
    never = partner(library, "Never met")
    health = signals_for(never, DAY)
    assert health.kinds == ["drifting"]
    assert "30 days" in health.signals[0].evidence


@pytest.mark.django_db
def test_a_leadership_change_alone_is_not_keeping_in_touch(library):
    rotary = partner(library)
    contact(rotary, "leadership_change", D(2026, 6, 1))
    assert kinds(rotary) == ["drifting"]


@pytest.mark.django_db
def test_archived_partnerships_have_no_signals(library):
    rotary = partner(library)
    rotary.archive()
    assert kinds(rotary) == []
    assert needing_attention(library, DAY) == []


@pytest.mark.django_db
def test_needing_attention_most_signals_first_and_by_signal(library, django_assert_max_num_queries):
    calm = partner(library, "Calm club")
    contact(calm, "chat", D(2026, 6, 1))
    drifting = partner(library, "Drifting club")
    troubled = partner(library, "Troubled club")
    contact(troubled, "problem", D(2026, 6, 1), problem_kind="miscommunication")
    promise(troubled, "partner", D(2026, 1, 1), status="missed")
    with django_assert_max_num_queries(6):
        found = needing_attention(library, DAY)
    assert [health.partnership for health in found] == [troubled, drifting]
    assert [h.partnership for h in needing_attention(library, DAY, "drifting")] == [drifting]
    assert needing_attention(library, DAY, "controlling") == []


@pytest.mark.django_db
def test_attention_page_lists_and_filters(staff_client, library):
    troubled = partner(library, "Troubled club")
    contact(troubled, "problem", RECENTLY, problem_kind="controlling")
    partner(library, "Drifting club", started_on=D(2020, 1, 1))
    url = reverse("stewardship:attention", args=[library.slug])
    response = staff_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Troubled club" in body and "Drifting club" in body
    response = staff_client.get(url, {"signal": "controlling"})
    body = response.content.decode()
    assert "Troubled club" in body and "Drifting club" not in body
    response = staff_client.get(url, {"signal": "nonsense"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_partnership_page_shows_signals_and_asks_for_expectations(staff_client, library):
    rotary = partner(library, started_on=D(2020, 1, 1))
    url = reverse("partnerships:detail", args=[library.slug, rotary.pk])
    body = staff_client.get(url).content.decode()
    assert "Drifting apart" in body
    assert "Get in touch this week" in body
    assert "what each side expects" in body.lower()
    rotary.library_expects = "Promote our summer reading"
    rotary.partner_expects = "A room once a month"
    rotary.save()
    body = staff_client.get(url).content.decode()
    assert "A room once a month" in body


@pytest.mark.django_db
def test_attention_page_outsider_404_volunteer_reads(outsider_client, volunteer, client, library):
    url = reverse("stewardship:attention", args=[library.slug])
    assert outsider_client.get(url).status_code == 404
    client.force_login(volunteer)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_health_counts_the_same_give_and_take_as_the_partnership_page(library):
    from allies.stewardship.give_and_take import give_and_take

    rotary = partner(library)
    contact(rotary, "support", D(2025, 6, 30), count=2, support_kind="funded")  # 365 days before
    contact(rotary, "support", D(2025, 6, 29))  # 366 days before: out
    contact(rotary, "support", D(2026, 7, 1))  # after the day: out
    for kind in ("tour", "space", "results", "library_news", "invitation", "thanks", "meeting"):
        contact(rotary, kind, D(2026, 3, 1))
    promise(rotary, "partner", D(2026, 1, 1), status="kept", done_on=D(2026, 2, 1))
    promise(rotary, "library", D(2025, 1, 1), status="kept", done_on=D(2025, 8, 1))  # kept late
    promise(rotary, "library", D(2026, 1, 1), status="missed")
    promise(rotary, "partner", D(2026, 6, 1), status="open")
    health = signals_for(rotary, DAY)
    theirs = give_and_take(rotary, DAY)
    assert (health.partner_gave, health.library_gave) == (3, 6)
    assert (health.partner_gave, health.library_gave) == (theirs.partner_gave, theirs.library_gave)


@pytest.mark.django_db
def test_attention_page_pages_and_keeps_its_queries_bounded(
    staff_client, library, django_assert_max_num_queries
):
    for index in range(35):
        club = partner(library, f"Club {index:02}", started_on=D(2020, 1, 1))
        contact(club, "problem", RECENTLY, problem_kind="controlling")
    url = reverse("stewardship:attention", args=[library.slug])
    with django_assert_max_num_queries(15):
        response = staff_client.get(url, {"signal": "controlling"})
    body = response.content.decode()
    assert "Club 00" in body and "Club 34" not in body
    assert "signal=controlling&amp;page=2" in body
    body = staff_client.get(url, {"signal": "controlling", "page": "2"}).content.decode()
    assert "Club 34" in body and "Club 00" not in body
