"""Starting, editing and archiving partnerships; the partners list; who may do what."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage, StageChange, Term


def url(name, *args):
    return reverse(f"partnerships:{name}", args=["riverton", *args])


def new_partnership_data(organization, **extra):
    return {
        "organization": organization.pk,
        "stage": Stage.PROSPECT,
        "term": "",
        "lead": "",
        **extra,
    }


# Starting a partnership


def test_start_a_partnership(staff_client, staff, rotary):
    response = staff_client.post(
        url("create"),
        new_partnership_data(
            rotary,
            stage=Stage.EXPLORING,
            term=Term.SHORT,
            lead=staff.pk,
            library_expects="Promote the computer drive",
            benefits_to_community="More public computers",
        ),
    )
    partnership = Partnership.objects.get(organization=rotary)
    assert response.status_code == 302
    assert response["Location"] == url("detail", partnership.pk)
    assert (partnership.stage, partnership.term, partnership.lead) == (
        Stage.EXPLORING,
        Term.SHORT,
        staff,
    )
    assert partnership.benefits_to_community == "More public computers"
    start = StageChange.objects.get(partnership=partnership)
    assert (start.from_stage, start.to_stage, start.changed_by) == ("", Stage.EXPLORING, staff)


def test_start_page_preselects_the_organization(staff_client, rotary):
    response = staff_client.get(url("create") + f"?organization={rotary.pk}")
    assert response.status_code == 200
    assert response.context["organization"] == rotary
    assert response.context["form"]["organization"].value() == rotary.pk
    assert "Riverton Rotary Club" in response.content.decode()


def test_an_organization_with_an_open_partnership_is_refused_with_a_link(
    staff_client, partnership, rotary
):
    response = staff_client.post(url("create"), new_partnership_data(rotary))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert url("detail", partnership.pk) in response.content.decode()
    assert Partnership.objects.filter(organization=rotary).count() == 1
    # The organization page's "Start a partnership" link warns at once, too.
    response = staff_client.get(url("create") + f"?organization={rotary.pk}")
    assert url("detail", partnership.pk) in response.content.decode()


def test_the_database_refuses_two_open_partnerships(library, partnership, rotary):
    with pytest.raises(IntegrityError):
        Partnership.objects.create(library=library, organization=rotary)


def test_another_librarys_organization_is_refused(staff_client, foreign_org):
    response = staff_client.post(url("create"), new_partnership_data(foreign_org))
    assert "organization" in response.context["form"].errors
    assert not Partnership.objects.exists()


def test_the_lead_must_be_a_member_of_this_library(staff_client, rotary, outsider):
    response = staff_client.post(url("create"), new_partnership_data(rotary, lead=outsider.pk))
    assert "lead" in response.context["form"].errors
    assert not Partnership.objects.exists()


def test_a_large_directory_asks_for_a_search_first(staff_client, library, monkeypatch):
    from allies.partnerships import views

    monkeypatch.setattr(views, "SELECT_LIMIT", 2)
    for name in ("Alpha Bakery", "Beta Books", "Gamma Garage"):
        Organization.objects.create(library=library, name=name, city="Riverton")
    response = staff_client.get(url("create"))
    assert "partnerships/partnership_choose.html" in [t.name for t in response.templates]
    response = staff_client.get(url("create") + "?q=beta")
    assert [o.name for o in response.context["results"]] == ["Beta Books"]


# Editing


def edit_data(form, **changes):
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(changes)
    return data


def test_edit_a_partnership(staff_client, partnership):
    form = staff_client.get(url("edit", partnership.pk)).context["form"]
    response = staff_client.post(
        url("edit", partnership.pk), edit_data(form, partner_expects="Space to meet")
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.partner_expects == "Space to meet"
    assert partnership.history.first().history_type == "~"


def test_edit_refuses_a_lead_from_another_library(staff_client, partnership, outsider):
    form = staff_client.get(url("edit", partnership.pk)).context["form"]
    response = staff_client.post(url("edit", partnership.pk), edit_data(form, lead=outsider.pk))
    assert "lead" in response.context["form"].errors


def test_edit_refuses_an_end_before_the_start(staff_client, partnership):
    form = staff_client.get(url("edit", partnership.pk)).context["form"]
    response = staff_client.post(
        url("edit", partnership.pk), edit_data(form, started_on="2026-05-01", ended_on="2026-04-01")
    )
    assert "ended_on" in response.context["form"].errors


def test_an_edit_that_collides_is_shown_not_overwritten(staff_client, partnership, owner):
    form = staff_client.get(url("edit", partnership.pk)).context["form"]
    # Meanwhile the owner saves their own version.
    fresh = Partnership.objects.get(pk=partnership.pk)
    fresh.partner_expects = "Words of the owner"
    fresh._history_user = owner
    fresh.save()
    response = staff_client.post(
        url("edit", partnership.pk), edit_data(form, partner_expects="Mine")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved this partnership at" in text
    assert "Words of the owner" in text  # their version is shown
    assert response.context["form"]["partner_expects"].value() == "Mine"  # ours is kept
    partnership.refresh_from_db()
    assert partnership.partner_expects == "Words of the owner"
    # Having seen theirs, saving again is deliberate and goes through.
    again = dict(response.context["form"].data.items())
    assert staff_client.post(url("edit", partnership.pk), again).status_code == 302
    partnership.refresh_from_db()
    assert partnership.partner_expects == "Mine"


def test_volunteer_cannot_edit(volunteer_client, partnership):
    assert volunteer_client.get(url("edit", partnership.pk)).status_code == 403
    assert volunteer_client.post(url("edit", partnership.pk), {"term": "long"}).status_code == 403
    assert volunteer_client.get(url("create")).status_code == 403
    assert volunteer_client.post(url("create"), {}).status_code == 403


def test_volunteer_reads_the_page_without_forms(volunteer_client, partnership):
    response = volunteer_client.get(url("detail", partnership.pk))
    assert response.status_code == 200
    assert url("move", partnership.pk) not in response.content.decode()
    assert url("edit", partnership.pk) not in response.content.decode()


# Archiving


def test_archive_keeps_history_and_hides_from_the_list(staff_client, partnership, rotary):
    assert staff_client.get(url("archive", partnership.pk)).status_code == 200  # confirmation page
    assert Partnership.objects.get(pk=partnership.pk).archived_at is None
    response = staff_client.post(url("archive", partnership.pk))
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.archived_at is not None
    assert partnership.history.count() == 2  # created, archived: nothing lost
    listed = staff_client.get(url("list")).context["page_obj"].object_list
    assert partnership not in listed
    archived = staff_client.get(url("list") + "?archived=on").context["page_obj"].object_list
    assert list(archived) == [partnership]
    assert staff_client.get(url("detail", partnership.pk)).status_code == 200
    # The organization can start again.
    response = staff_client.post(url("create"), new_partnership_data(rotary))
    assert response.status_code == 302
    assert Partnership.objects.filter(organization=rotary).count() == 2


def test_restore_unless_a_newer_partnership_exists(staff_client, partnership, library, rotary):
    partnership.archive()
    staff_client.post(url("restore", partnership.pk))
    partnership.refresh_from_db()
    assert partnership.archived_at is None
    partnership.archive()
    Partnership.objects.create(library=library, organization=rotary)
    staff_client.post(url("restore", partnership.pk))
    partnership.refresh_from_db()
    assert partnership.archived_at is not None


def test_an_archived_partnership_cannot_be_moved(staff_client, partnership):
    partnership.archive()
    staff_client.post(url("move", partnership.pk), {"stage": Stage.ACTIVE})
    partnership.refresh_from_db()
    assert partnership.stage == Stage.EXPLORING


def test_volunteer_cannot_archive_or_restore(volunteer_client, partnership):
    assert volunteer_client.get(url("archive", partnership.pk)).status_code == 403
    assert volunteer_client.post(url("archive", partnership.pk)).status_code == 403
    partnership.archive()
    assert volunteer_client.post(url("restore", partnership.pk)).status_code == 403


# Every view: outsiders get 404


@pytest.mark.parametrize(
    "name,needs_pk",
    [
        ("list", False),
        ("create", False),
        ("detail", True),
        ("edit", True),
        ("move", True),
        ("archive", True),
        ("restore", True),
    ],
)
def test_outsider_gets_404_everywhere(outsider_client, partnership, name, needs_pk):
    path = url(name, partnership.pk) if needs_pk else url(name)
    assert outsider_client.get(path).status_code == 404
    assert outsider_client.post(path).status_code == 404


def test_another_librarys_partnership_is_404(staff_client, other_library, foreign_org):
    theirs = Partnership.objects.create(library=other_library, organization=foreign_org)
    for name in ("detail", "edit", "archive"):
        assert staff_client.get(url(name, theirs.pk)).status_code == 404
    assert staff_client.post(url("move", theirs.pk), {"stage": "active"}).status_code == 404


def test_outsider_gets_404_on_today(outsider_client, library):
    assert outsider_client.get(reverse("today", args=["riverton"])).status_code == 404
