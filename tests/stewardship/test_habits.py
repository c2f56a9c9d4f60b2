"""The habits measured from the log, on hand-made timelines, and the survey that asks staff."""

import datetime
import re

import pytest
from django.urls import reverse

from allies.directory.models import Organization
from allies.outreach.models import Pilot
from allies.partnerships.models import Partnership
from allies.stewardship.habits import assess, assess_many, quarters, rating_for
from allies.stewardship.models import (
    Contact,
    LibraryEvent,
    StewardshipSettings,
    SurveyAnswer,
)

D = datetime.date
TODAY = D(2026, 6, 30)
SINCE, UNTIL = D(2025, 7, 1), D(2026, 6, 30)


def partner(library, name="Riverton Rotary Club", stage="active", started_on=None):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, started_on=started_on
    )


def contact(partnership, kind, day, **extra):
    return Contact.objects.create(
        library=partnership.library, partnership=partnership, kind=kind, happened_on=day, **extra
    )


def evidence(library, habit, since=SINCE, until=UNTIL, today=TODAY):
    return next(
        e for e in assess(library, since=since, until=until, today=today) if e.habit == habit
    )


@pytest.mark.django_db
def test_thank_you_within_the_window_counts_and_one_day_later_does_not(library):
    rotary = partner(library)
    lions = partner(library, "Lions Club")
    contact(rotary, "support", D(2026, 1, 2), support_kind="funded")  # a Friday
    contact(rotary, "thanks", D(2026, 1, 16))  # exactly 14 days later: counts
    contact(lions, "support", D(2026, 2, 6))
    contact(lions, "thanks", D(2026, 2, 21))  # 15 days later: too late
    thank = evidence(library, "thank")
    assert (thank.opportunities, thank.followed) == (2, 1)
    assert thank.rate == 0.5
    assert thank.rating == "sometimes"
    assert thank.gap_partnership_ids == [lions.pk]


@pytest.mark.django_db
def test_a_thank_you_before_the_support_or_to_another_partner_does_not_count(library):
    rotary = partner(library)
    lions = partner(library, "Lions Club")
    contact(rotary, "thanks", D(2026, 1, 1))
    contact(rotary, "support", D(2026, 1, 2))
    contact(lions, "thanks", D(2026, 1, 3))
    thank = evidence(library, "thank")
    assert (thank.opportunities, thank.followed, thank.rating) == (1, 0, "never")


@pytest.mark.django_db
def test_same_day_thanks_counts_and_support_outside_the_period_is_left_out(library):
    rotary = partner(library)
    contact(rotary, "support", D(2026, 3, 3))
    contact(rotary, "thanks", D(2026, 3, 3))
    contact(rotary, "support", D(2025, 6, 30))  # the day before the period
    thank = evidence(library, "thank")
    assert (thank.opportunities, thank.followed, thank.rating) == (1, 1, "always")


@pytest.mark.django_db
def test_support_still_within_its_window_is_pending_not_missed(library):
    rotary = partner(library)
    contact(rotary, "support", D(2026, 6, 20))  # ten days before today: there is still time
    contact(rotary, "support", D(2026, 6, 10))  # twenty days: missed
    thank = evidence(library, "thank")
    assert (thank.opportunities, thank.followed) == (1, 0)
    contact(rotary, "thanks", D(2026, 6, 25))
    thank = evidence(library, "thank")
    assert (thank.opportunities, thank.followed) == (2, 1)


def test_ratings_at_the_thresholds_exactly():
    settings = StewardshipSettings()
    assert rating_for(4, 5, settings) == "always"  # 80% exactly
    assert rating_for(79, 100, settings) == "sometimes"
    assert rating_for(1, 5, settings) == "sometimes"  # 20% exactly is not below 20%
    assert rating_for(19, 100, settings) == "never"
    assert rating_for(0, 0, settings) is None


def test_ratings_follow_changed_thresholds():
    strict = StewardshipSettings(always_at_percent=95, never_below_percent=50)
    assert rating_for(4, 5, strict) == "sometimes"
    assert rating_for(2, 5, strict) == "never"
    assert rating_for(19, 20, strict) == "always"


@pytest.mark.django_db
def test_changed_evidence_window_and_thresholds_change_the_rating(library):
    StewardshipSettings.objects.create(
        library=library, evidence_within_days=7, always_at_percent=50, never_below_percent=10
    )
    rotary = partner(library)
    contact(rotary, "partner_news", D(2026, 2, 1))
    contact(rotary, "congratulations", D(2026, 2, 8))  # 7 days: counts
    contact(rotary, "partner_news", D(2026, 3, 1))
    contact(rotary, "congratulations", D(2026, 3, 9))  # 8 days: too late with a 7-day window
    congratulate = evidence(library, "congratulate")
    assert (congratulate.opportunities, congratulate.followed) == (2, 1)
    assert congratulate.rating == "always"  # 50% is "Always" for this library


@pytest.mark.django_db
def test_leadership_change_followed_by_a_visit_or_tour_not_by_an_email(library):
    rotary = partner(library)
    lions = partner(library, "Lions Club")
    grange = partner(library, "Grange")
    contact(rotary, "leadership_change", D(2026, 1, 5))
    contact(rotary, "tour", D(2026, 1, 19))
    contact(lions, "leadership_change", D(2026, 1, 5))
    contact(lions, "email", D(2026, 1, 6))
    contact(grange, "leadership_change", D(2026, 4, 1))
    contact(grange, "visit", D(2026, 4, 2))
    leadership = evidence(library, "leadership")
    assert (leadership.opportunities, leadership.followed) == (3, 2)
    assert leadership.gap_partnership_ids == [lions.pk]


def test_quarters_count_back_from_the_last_day():
    blocks = quarters(SINCE, UNTIL)
    assert len(blocks) == 4
    assert blocks[-1] == (D(2026, 4, 1), D(2026, 6, 30))
    assert blocks[0][0] >= SINCE
    assert quarters(D(2026, 6, 1), D(2026, 6, 30)) == []


@pytest.mark.django_db
def test_share_news_counts_ended_pilots_and_quarters_with_news(library):
    rotary = partner(library, started_on=D(2024, 1, 1))
    pilot = {"library_does": "a", "partner_does": "b", "success_looks_like": "c"}
    Pilot.objects.create(
        library=library,
        partnership=rotary,
        title="Tent",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 1, 10),
        **pilot,
    )
    Pilot.objects.create(
        library=library,
        partnership=rotary,
        title="Fair",
        starts_on=D(2026, 2, 1),
        ends_on=D(2026, 2, 10),
        **pilot,
    )
    contact(rotary, "results", D(2026, 1, 24))  # 14 days after the first pilot ended
    contact(rotary, "library_news", D(2026, 5, 5))  # the last quarter
    share = evidence(library, "share_news")
    # 2 pilots + 4 quarters; followed: the first pilot, the quarter of 24 Jan, the last quarter.
    assert (share.opportunities, share.followed) == (6, 3)
    assert share.rating == "sometimes"
    assert share.gap_partnership_ids == [rotary.pk]


@pytest.mark.django_db
def test_quarters_before_a_partnership_started_do_not_count(library):
    newer = partner(library, started_on=D(2026, 3, 15))
    contact(newer, "chat", D(2026, 5, 1))
    chat = evidence(library, "chat")
    assert (chat.opportunities, chat.followed, chat.rating) == (1, 1, "always")


@pytest.mark.django_db
def test_paused_or_prospect_partnerships_are_not_asked_for_chats_or_space(library):
    partner(library, "Paused club", stage="paused")
    partner(library, "Prospect club", stage="prospect")
    assert evidence(library, "chat").opportunities == 0
    assert evidence(library, "offer_space").rating is None


@pytest.mark.django_db
def test_offer_space_once_in_the_period(library):
    rotary = partner(library)
    lions = partner(library, "Lions Club")
    partner(library, "Grange")
    partner(library, "Garden Club")
    partner(library, "Chamber")
    for club in (rotary, lions):
        contact(club, "space", D(2026, 2, 2))
    contact(lions, "space", D(2025, 1, 1))  # before the period
    space = evidence(library, "offer_space")
    assert (space.opportunities, space.followed, space.rating) == (5, 2, "sometimes")
    assert len(space.gap_partnership_ids) == 3


@pytest.mark.django_db
def test_invite_needs_an_invitation_to_a_working_partner_before_the_event(library):
    rotary = partner(library)
    prospect = partner(library, "Prospect club", stage="prospect")
    launch = LibraryEvent.objects.create(library=library, title="Launch", starts_on=D(2026, 3, 1))
    fair = LibraryEvent.objects.create(library=library, title="Fair", starts_on=D(2026, 4, 1))
    early = LibraryEvent.objects.create(library=library, title="Early", starts_on=D(2026, 6, 1))
    LibraryEvent.objects.create(library=library, title="Ahead", starts_on=D(2026, 8, 1))
    contact(rotary, "invitation", D(2025, 12, 31))  # 60 days before the launch: counts
    contact(prospect, "invitation", D(2026, 3, 20))  # before the fair, but not a working partner
    contact(rotary, "invitation", D(2026, 4, 1))  # on the fair's day: too late for it
    # ...and 61 days before "Early": too early for that one. "Ahead" has not happened yet.
    invite = evidence(library, "invite", until=D(2026, 12, 31))
    assert (invite.opportunities, invite.followed) == (3, 1)
    assert invite.gap_event_ids == [fair.pk, early.pk]
    assert launch.pk not in invite.gap_event_ids
    assert invite.rating == "sometimes"


@pytest.mark.django_db
def test_assess_takes_a_bounded_number_of_queries(library, django_assert_max_num_queries):
    for index in range(20):
        club = partner(library, f"Club {index}")
        contact(club, "support", D(2026, 1, 1))
        contact(club, "thanks", D(2026, 1, 2))
        contact(club, "leadership_change", D(2026, 2, 1))
    with django_assert_max_num_queries(10):
        assess(library, since=SINCE, until=UNTIL, today=TODAY)


def mixed_timeline(library, count):
    """`count` partnerships with every kind of moment the habits look at, spread over the year,
    some followed in time, some late, some still pending on TODAY."""
    pilot = {"library_does": "a", "partner_does": "b", "success_looks_like": "c"}
    for index in range(count):
        club = partner(
            library, f"Club {index}", started_on=D(2025, 1, 1) + datetime.timedelta(index)
        )
        day = D(2025, 7, 3) + datetime.timedelta(days=(index * 37) % 360)
        late = datetime.timedelta(days=3 if index % 3 else 20)
        contact(club, "support", day)
        contact(club, "thanks", day + late)
        contact(club, "partner_news", day + datetime.timedelta(days=5))
        contact(club, "congratulations", day + datetime.timedelta(days=5) + late)
        contact(club, "leadership_change", day + datetime.timedelta(days=40))
        contact(club, "visit" if index % 2 else "email", day + datetime.timedelta(days=41))
        contact(club, "chat" if index % 4 else "space", day + datetime.timedelta(days=60))
        contact(club, "library_news", day + datetime.timedelta(days=100))
        contact(club, "invitation", day + datetime.timedelta(days=10))
        Pilot.objects.create(
            library=library,
            partnership=club,
            title=f"Pilot {index}",
            starts_on=day,
            ends_on=day + datetime.timedelta(days=30),
            **pilot,
        )
        contact(club, "results", day + datetime.timedelta(days=30) + late)
        LibraryEvent.objects.create(
            library=library, title=f"Event {index}", starts_on=day + datetime.timedelta(days=50)
        )
    partner(library, "Paused club", stage="paused")


@pytest.mark.django_db
def test_assess_many_answers_as_assess_does_for_each_period(library):
    mixed_timeline(library, 12)
    periods = [*quarters(SINCE, UNTIL), (SINCE, UNTIL), (D(2026, 6, 1), D(2026, 6, 30))]
    for today in (TODAY, D(2026, 6, 20)):
        expected = [assess(library, since=s, until=u, today=today) for s, u in periods]
        assert assess_many(library, periods, today=today) == expected
    assert assess_many(library, []) == []


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_assess_many_takes_the_same_queries_whatever_the_rows(
    library, count, django_assert_num_queries
):
    """The dashboard's four quarters and the whole year: 1 query for the settings and 5 for the
    whole span (the contacts' days, events, pilots, leadership changes, working partnerships),
    none per period, whatever the log holds."""
    mixed_timeline(library, count)
    periods = [*quarters(SINCE, UNTIL), (SINCE, UNTIL)]
    with django_assert_num_queries(1 + 5):
        assess_many(library, periods, today=TODAY)


@pytest.mark.django_db
def test_another_librarys_log_does_not_count(library, other_library):
    partner(library)
    theirs = partner(other_library, "Their club")
    contact(theirs, "support", D(2026, 1, 1))
    assert evidence(library, "thank").opportunities == 0


ALL_ALWAYS = dict.fromkeys(
    ["thank", "congratulate", "share_news", "invite", "leadership", "offer_space", "chat"], "always"
)


def checked(body, habit):
    """The value of the checked radio button of one habit in the page, or None."""
    for tag in re.findall(r"<input[^>]*>", body):
        if f'name="{habit}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def survey_url(library):
    return reverse("stewardship:survey", args=[library.slug])


def habits_url(library):
    return reverse("stewardship:habits", args=[library.slug])


@pytest.mark.django_db
def test_survey_asks_each_habit_as_a_radio_group(staff_client, library):
    body = staff_client.get(survey_url(library)).content.decode()
    assert body.count("<fieldset") == 7
    assert body.count("<legend>") == 7
    assert body.count('type="radio"') == 21
    assert "budget meeting" in body


@pytest.mark.django_db
def test_every_answering_is_kept_and_the_form_starts_from_the_latest(staff_client, staff, library):
    assert staff_client.post(survey_url(library), ALL_ALWAYS).status_code == 302
    second = {**ALL_ALWAYS, "thank": "never"}
    assert staff_client.post(survey_url(library), second).status_code == 302
    assert SurveyAnswer.objects.filter(library=library, user=staff).count() == 14
    assert SurveyAnswer.objects.filter(user=staff, habit="thank").first().answer == "never"
    body = staff_client.get(survey_url(library)).content.decode()
    assert checked(body, "thank") == "never"


@pytest.mark.django_db
def test_a_habit_left_unanswered_is_400_with_the_message_there_and_nothing_lost(
    staff_client, library
):
    partial = {**ALL_ALWAYS, "congratulate": "sometimes"}
    del partial["invite"]
    response = staff_client.post(survey_url(library), partial)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose Always, Sometimes or Never for this habit." in body
    assert 'href="#id_invite_0"' in body
    assert checked(body, "congratulate") == "sometimes"
    assert checked(body, "thank") == "always"
    assert checked(body, "invite") is None
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_a_made_up_answer_is_refused(staff_client, library):
    response = staff_client.post(survey_url(library), {**ALL_ALWAYS, "chat": "often"})
    assert response.status_code == 400
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_volunteers_do_not_answer_and_outsiders_get_404(
    volunteer_client, library, outsider, client
):
    assert volunteer_client.get(survey_url(library)).status_code == 403
    assert volunteer_client.post(survey_url(library), ALL_ALWAYS).status_code == 403
    assert volunteer_client.get(habits_url(library)).status_code == 200
    client.force_login(outsider)
    assert client.get(survey_url(library)).status_code == 404
    assert client.post(survey_url(library), ALL_ALWAYS).status_code == 404
    assert client.get(habits_url(library)).status_code == 404
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_self_view_counts_each_persons_latest_answer_only(library, owner, staff, volunteer):
    from django.utils import timezone

    from allies.stewardship.habits import self_view

    earlier = timezone.now() - datetime.timedelta(days=30)
    SurveyAnswer.objects.create(
        library=library, user=staff, habit="thank", answer="always", answered_at=earlier
    )
    SurveyAnswer.objects.create(library=library, user=staff, habit="thank", answer="sometimes")
    SurveyAnswer.objects.create(library=library, user=owner, habit="thank", answer="always")
    SurveyAnswer.objects.create(
        library=library, user=owner, habit="thank", answer="never", answered_at=earlier
    )
    spread = self_view(library)
    assert spread["thank"] == {"always": 1, "sometimes": 1, "never": 0}
    assert spread["chat"] == {"always": 0, "sometimes": 0, "never": 0}


@pytest.mark.django_db
def test_someone_who_left_the_library_no_longer_counts(library, staff):
    from allies.stewardship.habits import self_view

    SurveyAnswer.objects.create(library=library, user=staff, habit="thank", answer="always")
    staff.memberships.all().delete()
    assert self_view(library)["thank"]["always"] == 0


@pytest.mark.django_db
def test_habits_page_shows_self_view_beside_evidence_and_the_gap(
    staff_client, staff, owner, library
):
    rotary = partner(library, "Riverton Rotary Club")
    today = datetime.date.today()
    contact(rotary, "support", today - datetime.timedelta(days=40))
    for user in (staff, owner):
        SurveyAnswer.objects.create(library=library, user=user, habit="thank", answer="always")
    response = staff_client.get(habits_url(library))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Most of you say Always; the log says Never." in body
    assert "Support received, followed by a thank-you within 14 days." in body
    assert reverse("partnerships:detail", args=[library.slug, rotary.pk]) in body
    assert "<svg" in body and "2 Always, 0 Sometimes, 0 Never" in body


@pytest.mark.django_db
def test_habits_page_period_chooser(staff_client, library):
    rotary = partner(library)
    contact(rotary, "support", D(2024, 3, 1))
    contact(rotary, "thanks", D(2024, 3, 2))
    response = staff_client.get(habits_url(library), {"since": "2024-01-01", "until": "2024-12-31"})
    assert response.status_code == 200
    assert response.context["rows"][0]["evidence"].followed == 1
    assert 'value="2024-01-01"' in response.content.decode()
    response = staff_client.get(habits_url(library), {"since": "2024-12-31", "until": "2024-01-01"})
    assert response.status_code == 400
    assert "on or before the end" in response.content.decode()
    response = staff_client.get(habits_url(library), {"since": "not a date"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_habits_page_default_period_is_the_last_twelve_months(staff_client, library):
    response = staff_client.get(habits_url(library))
    since, until = response.context["since"], response.context["until"]
    assert until == datetime.date.today()
    assert (until - since).days == 365


@pytest.mark.django_db
def test_habits_page_says_what_a_chance_is_and_leads_back_where_it_lives(staff_client, library):
    html = staff_client.get(habits_url(library)).content.decode()
    assert "A “chance” is a moment in the log when a habit could have been followed" in html
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Keeping partners close" in crumbs and "#care-title" in crumbs
    assert ">Partners<" not in crumbs
    today = staff_client.get("/l/riverton/").content.decode()
    assert 'id="care-title"' in today
