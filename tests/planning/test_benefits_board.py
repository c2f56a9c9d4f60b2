"""The benefits board: partners, what the library receives, what it offers; editable and printable."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allies.directory.models import Organization
from allies.partnerships.models import Commitment, CommitmentStatus, Partnership, Side, Stage

BOARD = reverse("planning:benefits_board", args=["riverton"])
EDIT = reverse("planning:benefits_board_edit", args=["riverton"])


def partner(library, name, stage=Stage.ACTIVE, **texts):
    organization = Organization.objects.create(library=library, name=name, city="Riverton")
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, **texts
    )


@pytest.fixture
def food_bank(library):
    return partner(
        library,
        "Riverton Food Bank",
        benefits_to_library="Volunteers for the summer lunch program",
        benefits_to_partner="A room every Tuesday and our newsletter",
    )


@pytest.fixture
def museum(library):
    return partner(library, "Clay County Museum", stage=Stage.PROSPECT)


def management(formset_total, prefix="form"):
    return {
        f"{prefix}-TOTAL_FORMS": str(formset_total),
        f"{prefix}-INITIAL_FORMS": str(formset_total),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def posted_board(client):
    """The edit page's form as the browser would send it back, unchanged."""
    response = client.get(EDIT)
    assert response.status_code == 200
    formset = response.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for form in formset.forms:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
    rows = {form.instance.organization.name: form.prefix for form in formset.forms}
    return data, rows


def test_the_three_columns_show_the_records_words(staff_client, food_bank, museum):
    response = staff_client.get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Our partners" in html
    assert "What the library receives from them" in html
    assert "What the library offers them" in html
    assert "Volunteers for the summer lunch program" in html
    assert "A room every Tuesday and our newsletter" in html
    assert reverse("partnerships:detail", args=["riverton", food_bank.pk]) in html
    # active first, then the others
    assert html.index("Riverton Food Bank") < html.index("Clay County Museum")


def test_empty_fields_show_the_hint_and_staff_get_an_edit_link(client, staff, volunteer, museum):
    client.force_login(staff)
    html = client.get(BOARD).content.decode()
    assert html.count("not written yet") == 2
    assert reverse("partnerships:edit", args=["riverton", museum.pk]) in html
    client.force_login(volunteer)
    html = client.get(BOARD).content.decode()
    assert html.count("not written yet") == 2
    assert reverse("partnerships:edit", args=["riverton", museum.pk]) not in html
    assert EDIT not in html


def test_closed_and_archived_partnerships_are_not_on_the_board(staff_client, library, food_bank):
    partner(library, "Ended Choir", stage=Stage.ENDED, benefits_to_library="Old songs")
    archived = partner(library, "Archived Garden", benefits_to_library="Seeds")
    archived.archive()
    html = staff_client.get(BOARD).content.decode()
    assert "Ended Choir" not in html
    assert "Archived Garden" not in html


def test_commitments_kept_in_the_last_year_show_without_a_query_per_row(
    staff_client, library, food_bank, museum
):
    today = timezone.localdate()
    for partnership, what, side in [
        (food_bank, "Sent ten volunteers", Side.PARTNER),
        (museum, "Lent the old maps", Side.PARTNER),
        (food_bank, "Printed their flyer", Side.LIBRARY),
    ]:
        Commitment.objects.create(
            library=library,
            partnership=partnership,
            owed_by=side,
            what=what,
            due_on=today,
            done_on=today,
            status=CommitmentStatus.KEPT,
        )
    Commitment.objects.create(
        library=library,
        partnership=food_bank,
        owed_by=Side.PARTNER,
        what="Long ago promise",
        due_on=today - datetime.timedelta(days=800),
        done_on=today - datetime.timedelta(days=800),
        status=CommitmentStatus.KEPT,
    )
    html = staff_client.get(BOARD).content.decode()
    for what in ("Sent ten volunteers", "Lent the old maps", "Printed their flyer"):
        assert what in html
    assert "Long ago promise" not in html
    with CaptureQueriesContext(connection) as few:
        staff_client.get(BOARD)
    for index in range(5):
        partner(library, f"Partner {index}")
    with CaptureQueriesContext(connection) as many:
        staff_client.get(BOARD)
    assert len(many) == len(few)


def test_staff_edit_saves_both_texts_with_a_history_entry(staff_client, staff, museum, food_bank):
    data, rows = posted_board(staff_client)
    row = rows["Clay County Museum"]
    data[f"{row}-benefits_to_library"] = "Old maps for the local history room"
    data[f"{row}-benefits_to_partner"] = "Visitors from our history talks"
    before_food_bank = food_bank.history.count()
    response = staff_client.post(EDIT, data)
    assert response.status_code == 302
    museum.refresh_from_db()
    assert museum.benefits_to_library == "Old maps for the local history room"
    assert museum.benefits_to_partner == "Visitors from our history talks"
    latest = museum.history.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "Benefits board"
    # only the changed row was saved
    assert food_bank.history.count() == before_food_bank
    # the partnership page says the same words
    page = staff_client.get(reverse("partnerships:detail", args=["riverton", museum.pk]))
    assert "Old maps for the local history room" in page.content.decode()
    assert "Old maps for the local history room" in staff_client.get(BOARD).content.decode()


def test_nothing_changed_saves_nothing(staff_client, food_bank, museum):
    data, _rows = posted_board(staff_client)
    counts = (food_bank.history.count(), museum.history.count())
    response = staff_client.post(EDIT, data, follow=True)
    assert "Nothing had changed." in response.content.decode()
    assert (food_bank.history.count(), museum.history.count()) == counts


def test_someone_elses_newer_save_is_not_overwritten(staff_client, food_bank):
    data, rows = posted_board(staff_client)
    row = rows["Riverton Food Bank"]
    data[f"{row}-benefits_to_library"] = "My words"
    food_bank.benefits_to_library = "Their words"
    food_bank.save()
    response = staff_client.post(EDIT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else saved this" in html
    assert "My words" in html  # what was typed is kept
    assert "Their words" in html  # and theirs is shown
    food_bank.refresh_from_db()
    assert food_bank.benefits_to_library == "Their words"


def test_volunteer_may_not_edit(volunteer_client, food_bank):
    assert volunteer_client.get(EDIT).status_code == 403
    response = volunteer_client.post(
        EDIT,
        {
            **management(1),
            "form-0-id": str(food_bank.pk),
            "form-0-benefits_to_library": "Changed",
            "form-0-benefits_to_partner": "",
        },
    )
    assert response.status_code == 403
    food_bank.refresh_from_db()
    assert food_bank.benefits_to_library == "Volunteers for the summer lunch program"


def test_outsider_gets_404(outsider_client, food_bank):
    assert outsider_client.get(BOARD).status_code == 404
    assert outsider_client.get(EDIT).status_code == 404
    assert outsider_client.post(EDIT, {}).status_code == 404


def test_another_librarys_partnership_id_is_refused(staff_client, other_library, food_bank):
    theirs = partner(other_library, "Far Away Club", benefits_to_library="Theirs")
    data, rows = posted_board(staff_client)
    row = rows["Riverton Food Bank"]
    data[f"{row}-id"] = str(theirs.pk)
    data[f"{row}-benefits_to_library"] = "Forged"
    data[f"{row}-loaded_version"] = ""
    response = staff_client.post(EDIT, data)
    assert response.status_code in (400, 404)
    theirs.refresh_from_db()
    food_bank.refresh_from_db()
    assert theirs.benefits_to_library == "Theirs"
    assert food_bank.benefits_to_library == "Volunteers for the summer lunch program"


def test_an_extra_row_creates_nothing(staff_client, library, food_bank):
    data, _rows = posted_board(staff_client)
    data["form-TOTAL_FORMS"] = "2"
    data["form-1-benefits_to_library"] = "New"
    count = Partnership.objects.count()
    response = staff_client.post(EDIT, data)
    assert response.status_code == 400
    assert Partnership.objects.count() == count


def test_the_print_view_renders(staff_client, food_bank, museum):
    response = staff_client.get(BOARD, {"print": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<thead>" in html
    assert "Volunteers for the summer lunch program" in html
    assert "not written yet" in html
    assert reverse("partnerships:edit", args=["riverton", museum.pk]) not in html
    board = staff_client.get(BOARD).content.decode()
    assert "data-print" in board and "onclick=" not in board


def test_the_goals_page_links_to_the_board(staff_client):
    assert BOARD in staff_client.get(reverse("goals:goals", args=["riverton"])).content.decode()


def test_the_board_sits_under_the_plan_and_the_plan_links_to_it(staff_client):
    plan = reverse("planning:plan", args=["riverton"])
    breadcrumbs = staff_client.get(BOARD).content.decode().split('class="breadcrumbs"')[1]
    assert f'href="{plan}"' in breadcrumbs.split("</nav>")[0]
    assert BOARD in staff_client.get(plan).content.decode()
