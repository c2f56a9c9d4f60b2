"""One library moved to a second Allies: everything of it arrives with new ids, nothing of the
other libraries does, and its people are matched by e-mail address."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from allies import sample_data
from allies.core.backup.one_library import LibraryScope
from allies.core.backup.tables import carried_tables
from tests.backup.helpers import backup, manifest, restore

MARK = "ZZRIVERTON"  # in every text of the other library, to find any of it that travelled
SITE_WIDE = {
    "auth.group",
    "auth.group_permissions",
    "libraries.user_groups",
    "libraries.user_user_permissions",
    "libraries.signinlockout",  # refused sign-ins, by e-mail address: the site's, for a while
}


def _library_counts(alias: str, slug: str) -> dict[str, int]:
    """Rows of one library in the tables the story touches, found here without LibraryScope."""
    from allies.directory.models import Affiliation, Organization, Person
    from allies.goals.models import Goal
    from allies.libraries.models import Membership
    from allies.partnerships.models import Partnership, StageChange
    from allies.stewardship.models import Contact, ReminderDecision
    from allies.workshop.models import Contribution, Participant

    by_library = {
        Organization: "library__slug",
        Organization.history.model: "library__slug",
        Organization.audiences.through: "organization__library__slug",
        Person: "library__slug",
        Person.history.model: "library__slug",
        Affiliation: "person__library__slug",
        Affiliation.history.model: "person__library__slug",
        Partnership: "library__slug",
        Partnership.history.model: "library__slug",
        StageChange: "partnership__library__slug",
        Goal: "library__slug",
        Goal.history.model: "library__slug",
        Goal.primary_audiences.through: "goal__library__slug",
        Membership: "library__slug",
        Contact: "library__slug",
        ReminderDecision: "library__slug",
        Participant: "workshop__library__slug",
        Contribution: "workshop__library__slug",
    }
    return {
        model._meta.label: model._base_manager.using(alias).filter(**{path: slug}).count()
        for model, path in by_library.items()
    }


def _texts_with(alias: str, mark: str) -> list[str]:
    """Every carried table holding the mark in a text column."""
    found = []
    for table in carried_tables(apps):
        texts = [
            field.attname
            for field in table.fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        query = models.Q()
        for column in texts:
            query |= models.Q(**{f"{column}__contains": mark})
        if texts and table.model._base_manager.using(alias).filter(query).exists():
            found.append(table.label)
    return found


@pytest.fixture
def two_libraries(library, owner, staff):
    """The sample library and Riverton beside it; Riverton's staff member also works at the
    sample library, and Riverton's owner once logged a contact there."""
    from allies.directory.models import Organization, Person
    from allies.libraries.models import Membership
    from allies.partnerships.models import Partnership
    from allies.stewardship.models import Contact, ReminderDecision

    sample = sample_data.load_sample_data(include_irs=False).library
    organization = Organization.objects.create(library=library, name=f"{MARK} Rotary Club")
    Person.objects.create(library=library, name=f"{MARK} Dana Reyes")
    partnership = Partnership.objects.create(library=library, organization=organization)
    Contact.objects.create(library=library, partnership=partnership, kind="call", note=MARK)
    Membership.objects.create(user=staff, library=sample, role="staff")
    theirs = Partnership.objects.filter(library=sample).first()
    thanked = Contact.objects.create(
        library=sample, partnership=theirs, kind="support", logged_by=owner, note="Spoke up"
    )
    ReminderDecision.objects.create(
        library=sample,
        key=f"thank:contact:{thanked.pk}",
        kind="thank",
        partnership=theirs,
        action="done",
        contact=thanked,
    )
    return sample


def _prepare_second(alias: str):
    """The second Allies has a library of its own and an account for one of the sample's staff."""
    from allies.libraries.models import Library, User

    [home] = Library.objects.using(alias).bulk_create([Library(name="Home", slug="home")])
    [account] = User.objects.using(alias).bulk_create(
        [User(email="teens@sample.allies.example", full_name="Jordan", is_superuser=True)]
    )
    return home, account


@pytest.mark.django_db(transaction=True)
def test_one_library_moves_to_a_second_allies(two_libraries, second_allies, tmp_path, owner):
    from allies.libraries.models import Library, Membership, User
    from allies.stewardship.models import Contact, ReminderDecision

    home, account = _prepare_second(second_allies)
    path = tmp_path / "sample.zip"
    assert "Backed up the library sample" in backup(path, "--library", "sample")
    assert manifest(path)["scope"] == "library"

    output = restore(path, "--database", second_allies)
    assert "1 matched by e-mail address" in output

    arrived = Library.objects.using(second_allies).get(slug="sample")
    assert arrived.pk > home.pk
    assert _library_counts(second_allies, "sample") == _library_counts("default", "sample")
    assert _texts_with(second_allies, MARK) == []
    assert set(Library.objects.using(second_allies).values_list("slug", flat=True)) == {
        "home",
        "sample",
    }

    # People: matched by e-mail (never a second account), no administrator rights brought in,
    # no password for someone who is named in the records but is not a member.
    jordan = User.objects.using(second_allies).get(email="teens@sample.allies.example")
    assert jordan.pk == account.pk and jordan.is_superuser  # the account here is left as it was
    assert Membership.objects.using(second_allies).filter(user=jordan, library=arrived).exists()
    assert not User.objects.using(second_allies).filter(is_superuser=True).exclude(pk=jordan.pk)
    visitor = User.objects.using(second_allies).get(email=owner.email)
    assert not visitor.has_usable_password()
    assert not Membership.objects.using(second_allies).filter(user=visitor).exists()
    member = User.objects.using(second_allies).get(email="director@sample.allies.example")
    assert member.check_password(sample_data.DEMO_PASSWORD)
    staff_here = User.objects.using(second_allies).get(email="staff@riverton.example")
    assert list(
        staff_here.memberships.using(second_allies).values_list("library__slug", flat=True)
    ) == ["sample"]

    # The reminder marked done points to the contact's new id.
    contact = Contact.objects.using(second_allies).get(note="Spoke up")
    assert contact.library_id == arrived.pk and contact.logged_by_id == visitor.pk
    decision = ReminderDecision.objects.using(second_allies).get(contact=contact)
    assert decision.key == f"thank:contact:{contact.pk}"

    with pytest.raises(CommandError, match="already here"):
        restore(path, "--database", second_allies)

    # The same library taken out of a whole-site backup arrives the same.
    expected = _library_counts(second_allies, "sample")
    call_command("flush", database=second_allies, interactive=False, stdout=StringIO())
    site = tmp_path / "site.zip"
    backup(site)
    restore(site, "--library", "sample", "--database", second_allies)
    assert _library_counts(second_allies, "sample") == expected
    assert _texts_with(second_allies, MARK) == []
    with pytest.raises(CommandError, match="--replace"):
        restore(site, "--library", "sample", "--replace", "--database", second_allies)


@pytest.mark.django_db
def test_every_table_is_a_librarys_or_named_site_wide(library):
    """A new table is carried with its library when it points to one (directly or through other
    tables), or when a library's rows point to it; one that does neither must be named here."""
    tables = carried_tables(apps)
    scope = LibraryScope(apps, tables, "default", library.slug)
    assert scope.site_wide(tables) == SITE_WIDE


def test_reminder_keys_follow_their_records():
    from allies.stewardship.models import ReminderDecision

    def moved(label, old):
        return {"stewardship.contact": 100, "partnerships.partnership": 200}.get(label, 300) + old

    cases = {
        "thank:contact:4": "thank:contact:104",
        "invite:event:3:partnership:7": "invite:event:303:partnership:207",
        "keep_in_touch:partnership:5:2026-01-02": "keep_in_touch:partnership:205:2026-01-02",
        "commitment:9:2026-03-01": "commitment:309:2026-03-01",
        "sample-history:thank:1:0": "sample-history:thank:1:0",
    }
    for key, expected in cases.items():
        assert ReminderDecision.renumber_ids_in_text({"key": key}, moved)["key"] == expected


def test_every_reminder_key_with_an_id_is_known():
    """A new reminder rule whose key names a record must say which model it is."""
    import re
    from pathlib import Path

    from allies.stewardship import reminders
    from allies.stewardship.models import KEY_REFERENCES

    source = Path(reminders.__file__).read_text(encoding="utf-8")
    keys = re.findall(r'f"([a-z_]+:[^"]*)"', source)
    checked = 0
    for key in keys:
        parts = key.split(":")
        for index, part in enumerate(parts[1:], start=1):
            if part.startswith("{") and "isoformat" not in part:
                assert (parts[0], parts[index - 1]) in KEY_REFERENCES, key
                checked += 1
    assert checked >= 10


@pytest.mark.django_db(transaction=True)
def test_one_library_leaves_for_the_other_kind_of_database(
    two_libraries, other_kind_of_database, tmp_path
):
    """A library leaving a consortium (PostgreSQL) for its own SQLite, and the other way round:
    everything of it arrives, nothing of the other library, and new records get fresh ids."""
    from allies.directory.models import Organization
    from allies.libraries.models import Library

    path = tmp_path / "leaving.zip"
    backup(path, "--library", "sample")
    restore(path, "--database", other_kind_of_database)

    assert _library_counts(other_kind_of_database, "sample") == _library_counts("default", "sample")
    assert _texts_with(other_kind_of_database, MARK) == []
    arrived = Library.objects.using(other_kind_of_database).get()
    highest = Organization.objects.using(other_kind_of_database).order_by("-pk").first().pk
    # bulk_create: save()'s signals would note the change in the suite's own database.
    [made] = Organization.objects.using(other_kind_of_database).bulk_create(
        [Organization(library=arrived, name="New")]
    )
    assert made.pk > highest
