"""The pitch template and tailored pitches: access, drafting, missing benefits, versions, print."""

import pytest
from django.urls import reverse

from allies.directory.models import Audience, Organization
from allies.goals.models import Goal
from allies.outreach.models import Pitch, PitchTemplate
from allies.partnerships.models import Partnership

BENEFITS = {
    "benefits_to_partner": "A room for your weekly meeting.",
    "benefits_to_library": "Volunteers for homework help.",
    "benefits_to_community": "More teens online after school.",
}


@pytest.fixture
def partnership(library):
    organization = Organization.objects.create(
        library=library, name="Riverton Rotary Club", mission="To serve the town through projects"
    )
    organization.audiences.add(Audience.objects.create(library=library, name="Teens"))
    return Partnership.objects.create(library=library, organization=organization, **BENEFITS)


@pytest.fixture
def template(library):
    return PitchTemplate.objects.create(
        library=library, reach="42,000 visits a year.", spaces="Three meeting rooms."
    )


def url(name, partnership=None, *args):
    if partnership is None:
        return reverse(f"outreach:{name}", args=["riverton"])
    return reverse(f"outreach:{name}", args=["riverton", partnership.pk, *args])


def save(client, partnership, **changes):
    data = {**BENEFITS, "text": "Hello, we should talk.", "action": "save", **changes}
    return client.post(url("pitch", partnership), data)


# The pitch template


def test_everyone_reads_the_template_but_only_owners_edit_it(
    owner_client, staff, volunteer, template, client
):
    response = owner_client.get(url("pitch_template"))
    assert response.status_code == 200 and "42,000 visits a year." in response.content.decode()
    response = owner_client.post(url("pitch_template_edit"), {"reach": "50,000 visits in 2027"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.reach == "50,000 visits in 2027" and template.spaces == ""
    for user in (staff, volunteer):
        client.force_login(user)
        assert client.get(url("pitch_template")).status_code == 200
        assert client.get(url("pitch_template_edit")).status_code == 403
        assert client.post(url("pitch_template_edit"), {"reach": "x"}).status_code == 403
    template.refresh_from_db()
    assert template.reach == "50,000 visits in 2027"


def test_the_template_is_created_on_first_save(owner_client, library):
    assert owner_client.get(url("pitch_template")).status_code == 200
    owner_client.post(url("pitch_template_edit"), {"programs": "Homework help every weekday."})
    assert library.pitch_template.programs == "Homework help every weekday."


def test_settings_links_to_the_pitch_template(owner_client):
    response = owner_client.get(reverse("libraries:settings", args=["riverton"]))
    assert url("pitch_template") in response.content.decode()


# Drafting and saving


def test_the_editor_drafts_from_template_mission_audiences_goal_and_benefits(
    staff_client, partnership, template, library
):
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    response = staff_client.get(url("pitch", partnership) + f"?goal={goal.pk}")
    assert response.status_code == 200
    text = response.context["form"].initial["text"]
    assert "serve the town through projects" in text
    assert "You reach teens" in text
    assert "42,000 visits a year." in text and "Three meeting rooms." in text
    assert "two more public computers" in text
    assert (
        "A room for your weekly meeting" in response.context["form"].initial["benefits_to_partner"]
    )
    assert response.context["timing"]["words"] > 20


def test_partnership_page_links_to_the_pitch(staff_client, partnership):
    response = staff_client.get(reverse("partnerships:detail", args=["riverton", partnership.pk]))
    assert url("pitch", partnership) in response.content.decode()


def test_another_librarys_goal_is_not_used_in_the_draft(staff_client, partnership, other_library):
    goal = Goal.objects.create(library=other_library, statement="Secret goal elsewhere")
    response = staff_client.get(url("pitch", partnership) + f"?goal={goal.pk}")
    assert "Secret goal" not in response.context["form"].initial["text"]
    response = save(staff_client, partnership, goal=goal.pk)
    assert response.status_code == 400
    assert not Pitch.objects.exists()


def test_each_save_is_a_new_version(staff_client, staff, partnership):
    assert save(staff_client, partnership).status_code == 302
    assert save(staff_client, partnership, text="Shorter.").status_code == 302
    versions = list(Pitch.objects.for_partnership(partnership))
    assert [p.version for p in versions] == [2, 1]
    assert versions[0].text == "Shorter." and versions[1].text == "Hello, we should talk."
    assert versions[0].created_by == staff
    # The editor now opens on the latest version, not a new draft.
    response = staff_client.get(url("pitch", partnership))
    assert response.context["form"].initial["text"] == "Shorter."


def test_a_pitch_without_a_partner_benefit_is_refused_and_nothing_is_lost(
    staff_client, partnership
):
    response = save(
        staff_client, partnership, benefits_to_partner="  ", text="My carefully typed pitch."
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a pitch with no benefit to the partner is refused" in page
    assert "Not saved yet: say what the partner gains." in page
    assert "My carefully typed pitch." in page
    assert "Volunteers for homework help." in page
    assert not Pitch.objects.exists()


def test_the_page_names_every_missing_benefit(staff_client, partnership):
    response = save(
        staff_client,
        partnership,
        benefits_to_partner="",
        benefits_to_library="",
        benefits_to_community="",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "say what the partner gains, what the library gains, what the community gains." in page


def test_preview_counts_without_saving_and_warns_past_one_minute(staff_client, partnership):
    long_text = " ".join(["after-school"] * 140)
    response = save(staff_client, partnership, text=long_text, action="preview")
    assert response.status_code == 200
    assert response.context["timing"] == {"words": 140, "seconds": 65, "too_long": True, "wpm": 130}
    assert "Longer than one minute" in response.content.decode()
    assert not Pitch.objects.exists()


def test_live_preview_endpoint_returns_the_timing(staff_client, partnership):
    response = staff_client.post(url("pitch_preview", partnership), {"text": "We raised $5,400."})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="pitch-timing"' in page and "3 words" in page and "Longer" not in page
    assert staff_client.get(url("pitch_preview", partnership)).status_code == 405


# Versions, restore, print


def test_view_and_restore_an_old_version(staff_client, partnership):
    save(staff_client, partnership, text="First words.")
    save(staff_client, partnership, text="Second words.")
    first = Pitch.objects.get(version=1)
    response = staff_client.get(url("pitch_versions", partnership))
    assert response.status_code == 200 and "Version 2" in response.content.decode()
    response = staff_client.get(url("pitch_version", partnership, first.pk))
    assert "First words." in response.content.decode()
    assert "Restore this version" in response.content.decode()
    response = staff_client.post(url("pitch_restore", partnership, first.pk))
    assert response.status_code == 302
    newest = Pitch.objects.for_partnership(partnership).first()
    assert (newest.version, newest.text) == (3, "First words.")
    assert newest.note == "Restored from version 1"
    assert Pitch.objects.count() == 3


def test_print_card(staff_client, partnership):
    save(staff_client, partnership, text="Words to rehearse.")
    pitch = Pitch.objects.get()
    response = staff_client.get(url("pitch_print", partnership, pitch.pk))
    page = response.content.decode()
    assert response.status_code == 200 and 'class="pitch-card"' in page
    assert "Words to rehearse." in page and "A room for your weekly meeting." in page


def test_a_version_of_another_partnership_is_404(staff_client, partnership, library):
    save(staff_client, partnership)
    pitch = Pitch.objects.get()
    other = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Other")
    )
    assert staff_client.get(url("pitch_version", other, pitch.pk)).status_code == 404
    assert staff_client.post(url("pitch_restore", other, pitch.pk)).status_code == 404


# Access


@pytest.fixture
def saved(partnership, staff):
    return Pitch.save_version(partnership, by=staff, text="Hello.", **BENEFITS)


def every_url(partnership, pitch):
    return [
        url("pitch_template"),
        url("pitch_template_edit"),
        url("pitch", partnership),
        url("pitch_preview", partnership),
        url("pitch_versions", partnership),
        url("pitch_version", partnership, pitch.pk),
        url("pitch_restore", partnership, pitch.pk),
        url("pitch_print", partnership, pitch.pk),
    ]


def test_outsiders_get_404_everywhere(outsider_client, partnership, saved):
    for address in every_url(partnership, saved):
        assert outsider_client.get(address).status_code == 404, address
        assert outsider_client.post(address, {**BENEFITS, "text": "x"}).status_code == 404, address
    assert Pitch.objects.count() == 1


def test_volunteers_read_but_cannot_change(volunteer_client, partnership, saved):
    for name in ("pitch_versions", "pitch_version", "pitch_print"):
        args = [] if name == "pitch_versions" else [saved.pk]
        assert volunteer_client.get(url(name, partnership, *args)).status_code == 200
    assert volunteer_client.get(url("pitch", partnership)).status_code == 403
    assert save(volunteer_client, partnership).status_code == 403
    assert (
        volunteer_client.post(url("pitch_preview", partnership), {"text": "x"}).status_code == 403
    )
    assert volunteer_client.post(url("pitch_restore", partnership, saved.pk)).status_code == 403
    assert Pitch.objects.count() == 1
    page = volunteer_client.get(url("pitch_version", partnership, saved.pk)).content.decode()
    assert "Restore this version" not in page


def test_a_saved_pitch_fills_the_benefits_the_partnership_lacks(staff_client, library):
    partnership = Partnership.objects.create(
        library=library,
        organization=Organization.objects.create(library=library, name="Rotary"),
        benefits_to_library="Volunteers in July.",
    )
    response = staff_client.post(
        reverse("outreach:pitch", args=[library.slug, partnership.pk]),
        {
            "text": "Short pitch.",
            "benefits_to_library": "Money for computers.",
            "benefits_to_partner": "Their name on every screen.",
            "benefits_to_community": "Shorter waits.",
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.benefits_to_library == "Volunteers in July."  # written before: kept
    assert partnership.benefits_to_partner == "Their name on every screen."
    assert partnership.benefits_to_community == "Shorter waits."
