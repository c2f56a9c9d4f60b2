"""Localization by the trainer: the default material, own versions, and which one a session uses."""

import pytest
from django.test import Client

from allies.workshop import running
from allies.workshop.material import default_material, material_for
from allies.workshop.models import TrainerMaterial

BASE = "/l/riverton/workshop/material/"


def partner_rows(partners, total=5):
    data = {"partner-TOTAL_FORMS": str(total), "partner-INITIAL_FORMS": "0"}
    for index, (name, description) in enumerate(partners):
        data[f"partner-{index}-name"] = name
        data[f"partner-{index}-description"] = description
    return data


def version_data(**changes):
    data = {
        "name": "Kenya 2027",
        "country": "Kenya",
        "case_study": "Kibera Community Library wants a solar-powered computer corner.",
        "examples": "A mobile operator funds data bundles\n\nA school lends its hall",
        "tips": "Visit in person first\nBring tea",
        **partner_rows(
            [
                ("Safaricom Foundation", "Funds digital projects"),
                ("County office", "Budgets"),
                ("Chama", "A savings group"),
            ]
        ),
    }
    data.update(changes)
    return data


def test_the_default_tells_the_sample_librarys_story():
    material = default_material()
    assert (
        "Maple Ford" in material.case_study and "two more public computers" in material.case_study
    )
    assert len(material.case_partners) == 3
    assert {p["name"] for p in material.case_partners} == {
        "Hearthstone Club of Maple Ford",
        "Three Rivers Community Foundation",
        "Copperline Networks",
    }
    assert all(len(p["description"]) > 100 for p in material.case_partners)
    assert len(material.tips) >= 5 and len(material.examples) >= 5
    assert material.is_default


@pytest.mark.django_db
def test_a_new_version_starts_as_a_copy_of_the_default(staff_client):
    page = staff_client.get(BASE + "new/").content.decode()
    assert "Hearthstone Club of Maple Ford" in page and "Maple Ford is a town" in page


@pytest.mark.django_db
def test_saving_my_own_version(staff_client, staff):
    response = staff_client.post(BASE + "new/", version_data())
    assert response.status_code == 302
    version = TrainerMaterial.objects.get()
    assert version.trainer == staff and version.country == "Kenya"
    assert [p["name"] for p in version.case_partners] == [
        "Safaricom Foundation",
        "County office",
        "Chama",
    ]
    assert version.case_partners[0]["description"] == "Funds digital projects"


@pytest.mark.django_db
def test_a_copy_of_another_of_mine(staff_client, staff):
    staff_client.post(BASE + "new/", version_data())
    mine = TrainerMaterial.objects.get()
    page = staff_client.get(BASE + f"new/?from={mine.pk}").content.decode()
    assert "Copy of Kenya 2027" in page and "Safaricom Foundation" in page


@pytest.mark.parametrize(
    "partners, message",
    [
        ([("One", "a"), ("Two", "b")], "at least 3 potential partners"),
        ([("One", "a"), ("Two", "b"), ("", "who is this?")], "Give this partner a name"),
    ],
)
@pytest.mark.django_db
def test_three_to_five_partners(staff_client, partners, message):
    data = version_data()
    for key in [k for k in data if k.startswith("partner-")]:
        del data[key]
    data.update(partner_rows(partners))
    response = staff_client.post(BASE + "new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TrainerMaterial.objects.exists()


@pytest.mark.django_db
def test_six_partners_are_too_many(staff_client):
    rows = [(f"P{n}", "x") for n in range(6)]
    response = staff_client.post(BASE + "new/", {**version_data(), **partner_rows(rows, total=6)})
    assert response.status_code == 400
    assert not TrainerMaterial.objects.exists()


@pytest.mark.django_db
def test_editing_my_version(staff_client, staff):
    staff_client.post(BASE + "new/", version_data())
    version = TrainerMaterial.objects.get()
    response = staff_client.post(f"{BASE}{version.pk}/", version_data(name="Kenya 2028"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.name == "Kenya 2028"


@pytest.mark.django_db
def test_trainers_see_only_their_own_versions(library, owner, staff):
    theirs = TrainerMaterial.objects.create(trainer=owner, name="Olivia's Ghana", case_study="x")
    client = Client()
    client.force_login(staff)
    assert "Olivia's Ghana" not in client.get(BASE).content.decode()
    assert client.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client.post(f"{BASE}{theirs.pk}/", version_data()).status_code == 404
    assert client.get(BASE + f"new/?from={theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Olivia's Ghana"


@pytest.mark.django_db
def test_volunteers_cannot_make_versions(volunteer_client):
    assert volunteer_client.get(BASE).status_code == 200
    assert volunteer_client.get(BASE + "new/").status_code == 403
    assert volunteer_client.post(BASE + "new/", version_data()).status_code == 403


@pytest.mark.django_db
def test_outsiders_get_404(outsider_client, owner):
    version = TrainerMaterial.objects.create(trainer=owner, name="Mine", case_study="x")
    assert outsider_client.get(BASE).status_code == 404
    assert outsider_client.get(f"{BASE}{version.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_workshop_uses_its_chosen_version_else_the_default(library, staff):
    version = TrainerMaterial.objects.create(
        trainer=staff,
        name="Kenya",
        case_study="Kibera",
        case_partners=[{"name": "Chama", "description": "A savings group"}],
        tips="Visit first\n\n Bring tea ",
    )
    chosen = running.create_workshop(library=library, trainer=staff, title="A", material=version)
    standard = running.create_workshop(library=library, trainer=staff, title="B")
    assert material_for(chosen).case_study == "Kibera"
    assert material_for(chosen).tips == ["Visit first", "Bring tea"]
    assert material_for(chosen).case_partners == [
        {"name": "Chama", "description": "A savings group"}
    ]
    assert "Maple Ford" in material_for(standard).case_study
    version.delete()  # a deleted version leaves its sessions on the default
    chosen.refresh_from_db()
    assert "Maple Ford" in material_for(chosen).case_study


@pytest.mark.django_db
def test_creating_a_session_with_my_version(staff_client, staff):
    version = TrainerMaterial.objects.create(trainer=staff, name="Kenya", case_study="Kibera")
    data = {
        "title": "Nairobi training",
        "groups": "3",
        "material": str(version.pk),
        **{
            f"minutes_{p}": "10"
            for p in ("welcome", "benefits", "identify", "sustain", "planning", "closing")
        },
    }
    assert staff_client.post("/l/riverton/workshop/new/", data).status_code == 302
    assert staff.workshops_trained.get().material == version


# Deleting a version -------------------------------------------------------------------------


@pytest.mark.django_db
def test_deleting_my_version_after_a_confirmation(staff_client, library, staff):
    version = TrainerMaterial.objects.create(trainer=staff, name="Kenya", case_study="Kibera")
    used = running.create_workshop(library=library, trainer=staff, title="A", material=version)
    listing = staff_client.get(BASE).content.decode()
    assert f'href="{BASE}{version.pk}/delete/"' in listing
    page = staff_client.get(f"{BASE}{version.pk}/delete/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 session uses this version" in html and "standard material" in html
    assert TrainerMaterial.objects.filter(pk=version.pk).exists()  # asking deletes nothing
    response = staff_client.post(f"{BASE}{version.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == BASE
    assert not TrainerMaterial.objects.exists()
    used.refresh_from_db()
    assert used.material is None
    assert "Maple Ford" in material_for(used).case_study


@pytest.mark.django_db
def test_an_unused_version_says_no_session_uses_it(staff_client, staff):
    version = TrainerMaterial.objects.create(trainer=staff, name="Kenya", case_study="Kibera")
    assert "No session uses this version" in (
        staff_client.get(f"{BASE}{version.pk}/delete/").content.decode()
    )


@pytest.mark.django_db
def test_only_my_own_versions_can_be_deleted(library, owner, staff, volunteer, outsider):
    theirs = TrainerMaterial.objects.create(trainer=owner, name="Ghana", case_study="x")
    path = f"{BASE}{theirs.pk}/delete/"
    colleague, helper, stranger, anonymous = Client(), Client(), Client(), Client()
    colleague.force_login(staff)
    helper.force_login(volunteer)
    stranger.force_login(outsider)
    assert colleague.get(path).status_code == 404
    assert colleague.post(path).status_code == 404
    assert helper.post(path).status_code == 403
    assert stranger.post(path).status_code == 404
    response = anonymous.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert TrainerMaterial.objects.filter(pk=theirs.pk).exists()
