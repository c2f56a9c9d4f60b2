"""Merging two organizations (or two people): every kind of related record moves, twins are
resolved, partnerships are merged or kept apart, history keeps it, the old address redirects,
and it is refused across libraries (404) and for volunteers (403)."""

import datetime

import pytest
from django.urls import reverse

from allies.directory import merging
from allies.directory.models import (
    Affiliation,
    Audience,
    MergedRecord,
    NotDuplicate,
    Organization,
    Person,
    Resource,
)
from allies.goals.models import Goal
from allies.matching.models import Answer, FitMark
from allies.outreach.models import CommunityEvent, IntroductionRequest
from allies.partnerships.models import Commitment, LogEntry, Partnership
from allies.recognition.models import ListingConsent
from allies.stewardship.models import Contact

DAY = datetime.date(2026, 3, 1)


def url(name, library, *args):
    return reverse(f"directory:{name}", args=[library.slug, *args])


@pytest.fixture
def pair(library):
    kept = Organization.objects.create(
        library=library,
        name="Lantern House Youth Shelter",
        city="Riverton",
        email="info@lantern.org",
    )
    other = Organization.objects.create(
        library=library,
        name="Lantern House",
        city="Riverton",
        email="director@lantern.org",
        phone="802-555-0100",
        notes="Runs a warming shelter for homeless teens.",
        ein="123456789",
    )
    return kept, other


def _everything_pointing_at(library, owner, organization, person):
    """One record of every kind that points at an organization or a person."""
    goal = Goal.objects.create(library=library, statement="A teen space")
    goal.decision_makers.add(person)
    partnership = Partnership.objects.create(library=library, organization=organization)
    Affiliation.objects.create(person=person, organization=organization, role="Director")
    Answer.objects.create(
        library=library, organization=organization, question="reputation", rating=4
    )
    FitMark.objects.create(library=library, goal=goal, organization=organization, verdict="fit")
    CommunityEvent.objects.create(
        library=library, title="Fair", organizer=organization, starts_on=DAY
    )
    LogEntry.objects.create(partnership=partnership, summary="Met them")
    Commitment.objects.create(
        library=library, partnership=partnership, owed_by="partner", what="Space", due_on=DAY
    )
    Contact.objects.create(
        library=library, partnership=partnership, person=person, kind="call", logged_by=owner
    )
    IntroductionRequest.objects.create(
        library=library, partnership=partnership, connector=person, message="Hello"
    )
    ListingConsent.objects.create(library=library, partnership=partnership, agreed=True)
    organization.audiences.add(Audience.objects.get(library=library, slug="teens"))
    organization.resources.add(Resource.objects.get(library=library, slug="funding"))
    return goal, partnership


def _pointing_at(record) -> int:
    total = 0
    for relation in type(record)._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            total += through.objects.filter(
                **{relation.field.m2m_reverse_field_name(): record.pk}
            ).count()
        else:
            total += relation.related_model._base_manager.filter(
                **{relation.field.name: record.pk}
            ).count()
    return total


def test_merge_moves_every_related_record_and_keeps_history(library, owner, pair):
    kept, other = pair
    person = Person.objects.create(library=library, name="Dana Reyes")
    goal, partnership = _everything_pointing_at(library, owner, other, person)
    # The survivor already answered the same question: its own answer is kept.
    Answer.objects.create(library=library, organization=kept, question="reputation", rating=2)
    before = _pointing_at(other)
    assert before == 5  # affiliation, partnership, answer, fit mark, event

    result = merging.merge(kept, other, user=owner)

    kept.refresh_from_db()
    assert not Organization.objects.filter(pk=other.pk).exists()
    assert _pointing_at(kept) >= before  # nothing was lost but the twin answer
    assert Partnership.objects.get(pk=partnership.pk).organization_id == kept.pk
    assert Affiliation.objects.get(person=person).organization_id == kept.pk
    assert Answer.objects.get(organization=kept, question="reputation").rating == 2
    assert FitMark.objects.get(goal=goal).organization_id == kept.pk
    assert CommunityEvent.objects.get().organizer_id == kept.pk
    assert set(kept.audiences.values_list("slug", flat=True)) == {"teens"}
    assert set(kept.resources.values_list("slug", flat=True)) == {"funding"}
    # Filled beats empty; both filled keeps the survivor's.
    assert kept.email == "info@lantern.org"
    assert kept.phone == "802-555-0100" and kept.ein == "123456789"
    assert kept.notes == "Runs a warming shelter for homeless teens."
    assert result.moved
    # Both records' history says so.
    assert kept.history.first().history_change_reason.startswith("Merged with Lantern House")
    gone = Organization.history.filter(id=other.pk).order_by("-history_date").first()
    assert gone.history_type == "-" and "Merged into" in gone.history_change_reason
    assert MergedRecord.objects.get(old_id=other.pk).survivor_id == kept.pk


def test_merging_people_moves_contacts_goals_and_introductions(library, owner, pair):
    kept_person = Person.objects.create(
        library=library, name="Robert Smith", email="bob@lantern.org"
    )
    other_person = Person.objects.create(library=library, name="Bob Smith", phone="802-555-0101")
    goal, _partnership = _everything_pointing_at(library, owner, pair[0], other_person)
    goal.decision_makers.add(kept_person)  # already there: not twice
    merging.merge(kept_person, other_person, user=owner)
    kept_person.refresh_from_db()
    assert kept_person.phone == "802-555-0101" and kept_person.email == "bob@lantern.org"
    assert list(goal.decision_makers.all()) == [kept_person]
    assert Contact.objects.get().person_id == kept_person.pk
    assert IntroductionRequest.objects.get().connector_id == kept_person.pk
    assert Affiliation.objects.get().person_id == kept_person.pk


@pytest.mark.parametrize("choice", ["merge", "apart"])
def test_two_open_partnerships_are_merged_or_kept_apart(library, owner, pair, choice):
    kept, other = pair
    mine = Partnership.objects.create(library=library, organization=kept)
    theirs = Partnership.objects.create(library=library, organization=other)
    LogEntry.objects.create(partnership=theirs, summary="Their visit")
    ListingConsent.objects.create(library=library, partnership=mine, agreed=True)
    ListingConsent.objects.create(library=library, partnership=theirs, agreed=False)
    merging.merge(kept, other, user=owner, options={"partnerships": choice})
    open_ones = Partnership.objects.filter(organization=kept, archived_at__isnull=True)
    assert list(open_ones) == [mine]
    entry = LogEntry.objects.get()
    if choice == "merge":
        assert not Partnership.objects.filter(pk=theirs.pk).exists()
        assert entry.partnership_id == mine.pk
        assert ListingConsent.objects.get().agreed is True  # the survivor's own consent stays
    else:
        theirs.refresh_from_db()
        assert theirs.organization_id == kept.pk and theirs.archived_at is not None
        assert entry.partnership_id == theirs.pk


def test_merge_page_picks_fields_and_old_url_redirects(staff_client, library, pair):
    kept, other = pair
    page = staff_client.get(url("organization_merge", library, kept.pk, other.pk))
    assert page.status_code == 200
    assert "director@lantern.org" in page.content.decode()
    response = staff_client.post(
        url("organization_merge", library, kept.pk, other.pk),
        {"field_email": "other", "field_notes": "kept", "field_name": "kept"},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.email == "director@lantern.org"
    assert kept.notes == ""  # staff chose the (empty) survivor's value
    old = staff_client.get(url("organization", library, other.pk))
    assert old.status_code == 301 and old["Location"] == url("organization", library, kept.pk)
    history = staff_client.get(url("organization", library, kept.pk)).content.decode()
    assert "Merged with Lantern House" in history


def test_a_second_merge_keeps_the_first_redirect_pointing_at_the_survivor(library, owner, pair):
    kept, other = pair
    third = Organization.objects.create(library=library, name="Lantern House Shelter")
    merging.merge(other, third, user=owner)
    NotDuplicate.objects.create(
        library=library, kind="organization", first_id=kept.pk, second_id=other.pk
    )
    merging.merge(kept, other, user=owner)
    assert MergedRecord.objects.get(old_id=third.pk).survivor_id == kept.pk
    assert not NotDuplicate.objects.exists()


def test_people_merge_page_and_redirect(staff_client, library):
    one = Person.objects.create(library=library, name="Robert Smith")
    two = Person.objects.create(library=library, name="Bob Smith", email="bob@lantern.org")
    response = staff_client.post(url("person_merge", library, one.pk, two.pk), {})
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.email == "bob@lantern.org" and one.name == "Robert Smith"
    assert staff_client.get(url("person", library, two.pk)).status_code == 301


def test_merge_refused_across_libraries_and_for_volunteers(
    client, outsider, volunteer, library, other_library, pair
):
    kept, other = pair
    stranger = Organization.objects.create(library=other_library, name="Lantern House")
    client.force_login(outsider)
    assert client.get(url("organization_merge", library, kept.pk, other.pk)).status_code == 404
    assert client.post(url("organization_merge", library, kept.pk, other.pk)).status_code == 404
    # Their own library's address with our record in it is 404 as well.
    assert (
        client.post(url("organization_merge", other_library, stranger.pk, kept.pk)).status_code
        == 404
    )
    client.force_login(volunteer)
    assert client.get(url("organization_merge", library, kept.pk, other.pk)).status_code == 403
    assert client.post(url("organization_merge", library, kept.pk, other.pk)).status_code == 403
    assert Organization.objects.filter(pk=other.pk).exists()
    assert Organization.objects.filter(pk=stranger.pk).exists()
    with pytest.raises(ValueError):
        merging.merge(kept, stranger)
    # A merged-away id of another library's record is not redirected for us.
    assert client.get(url("organization", library, 999999)).status_code == 404
