"""A participant's own worksheets (print view and Word document) and the trainer's room downloads."""

import csv
import io

import docx
import pytest

from allies.stewardship.models import Habit
from allies.workshop.models import Contribution, Feedback, GroupAnswer
from tests.workshop.helpers import participant_client, running_workshop


@pytest.fixture
def workshop(library, owner):
    return running_workshop(library, owner, part="closing", groups=2)


@pytest.fixture
def filled(workshop):
    """Ann filled every worksheet; Bob, in the other group, only the benefits board."""
    ann, browser = participant_client(workshop, display_name="Ann", group=1)

    def write(participant, key, data):
        Contribution.objects.create(
            workshop=workshop, participant=participant, activity=key, data=data
        )

    write(ann, "benefits_board", {"partner": "Rotary", "receives": "Volunteers", "offers": "Room"})
    write(
        ann,
        "connection_tree",
        {
            "partner": "Copperline Networks",
            "share": False,
            "people": [
                {"name": "Aunt May", "how": "family", "through": ""},
                {"name": "Joe Fibre", "how": "friend", "through": "Aunt May"},
            ],
        },
    )
    write(ann, "key_questions", {"partner": "Copperline", "answers": {"perception": "Fondly"}})
    write(ann, "survey", {habit.value: "always" for habit in Habit})
    write(
        ann,
        "planning",
        {
            "partners_who_could_help": "The foundation, for its digital grants",
            "opportunities": [{"partner": "Three Rivers", "why": "Grant round", "due_on": ""}],
            "for_partners": [{"partner": "Rotary", "what": "Thank them", "due_on": "2026-12-01"}],
        },
    )
    GroupAnswer.objects.create(
        workshop=workshop, group=1, data={"partner": "Copperline Networks", "steps": "Tour"}
    )
    GroupAnswer.objects.create(
        workshop=workshop, group=2, data={"partner": "Hearthstone Club", "why": "Budget seats"}
    )
    bob, _bob_browser = participant_client(workshop, display_name="Bob", group=2)
    write(bob, "benefits_board", {"partner": "Bob's bakery", "receives": "Bread", "offers": ""})
    return ann, browser


def test_print_view_shows_only_your_own_worksheets(workshop, filled):
    ann, browser = filled
    response = browser.get(f"/w/{workshop.join_code}/worksheets/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Rotary", "Joe Fibre, through Aunt May", "Fondly", "Thank them", "Tour"):
        assert text in page
    assert "Bob&#x27;s bakery" not in page and "Bob's bakery" not in page
    assert "Hearthstone Club" not in page  # the other group's answer
    assert "Download as Word" in page


def test_worksheets_docx_reads_back_and_converts(workshop, filled, to_pdf):
    ann, browser = filled
    response = browser.get(f"/w/{workshop.join_code}/worksheets.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "My worksheets" in text
    assert "Copperline Networks" in text
    for expected in ("Volunteers", "Joe Fibre", "Aunt May", "Fondly", "Always", "Thank them"):
        assert expected in cells
    assert "Bread" not in cells
    assert "The foundation, for its digital grants" in text
    assert to_pdf(response.content).startswith(b"%PDF")


def test_worksheets_need_joining(workshop, client):
    response = client.get(f"/w/{workshop.join_code}/worksheets/")
    assert response.status_code == 302
    assert response["Location"].endswith("/join/")


def test_boards_docx_has_the_three_columns_groups_side_by_side_and_the_spread(
    workshop, filled, owner_client, to_pdf
):
    response = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/boards.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    board, groups, survey, counts = document.tables
    assert [c.text for c in board.rows[0].cells] == [
        "Partners (2)",
        "What the library receives (2)",
        "What the library offers (1)",
    ]
    assert board.rows[1].cells[0].text.splitlines() == ["Bob's bakery", "Rotary"]
    assert [c.text for c in groups.rows[0].cells] == ["", "Group 1", "Group 2"]
    assert [c.text for c in groups.rows[1].cells] == [
        "Partner chosen",
        "Copperline Networks",
        "Hearthstone Club",
    ]
    assert [c.text for c in survey.rows[1].cells] == [
        "Thank partners after they support the library",
        "1",
        "0",
        "0",
    ]
    assert "Ann" not in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert [c.text for c in counts.rows[1].cells] == ["Connection trees", "1"]
    assert to_pdf(response.content).startswith(b"%PDF")


def test_feedback_summary_and_csv(workshop, owner_client):
    for rating, useful in ((5, "The tree"), (4, "=HYPERLINK()"), (5, "")):
        Feedback.objects.create(
            workshop=workshop, data={"rating": rating, "recommend": "yes", "most_useful": useful}
        )
    response = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/feedback/")
    assert response.status_code == 200
    ratings = {bar.label: bar.value for bar in response.context["ratings_chart"].bars}
    assert ratings == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 2}
    assert sorted(response.context["summary"]["useful"]) == ["=HYPERLINK()", "The tree"]
    response = owner_client.get(f"/l/riverton/workshop/{workshop.pk}/feedback.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["day", "rating", "recommend", "most_useful", "improve"]
    assert sorted(row[3] for row in rows[1:]) == ["", "'=HYPERLINK()", "The tree"]
    assert all(len(row[0]) == 10 for row in rows[1:])  # the day, nothing finer


def test_room_downloads_are_404_for_another_library(workshop, outsider_client):
    for path in ("boards.docx", "feedback/", "feedback.csv"):
        response = outsider_client.get(f"/l/elsewhere/workshop/{workshop.pk}/{path}")
        assert response.status_code == 404, path


def test_room_downloads_need_signing_in(workshop, client):
    response = client.get(f"/l/riverton/workshop/{workshop.pk}/boards.docx")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.django_db
def test_the_sample_has_a_finished_session_with_every_board_filled(client):
    from allies import sample_data
    from allies.libraries.models import User
    from allies.workshop.activity_data import room_context
    from allies.workshop.models import Workshop
    from allies.workshop.room_views import feedback_summary
    from allies.workshop.saving import preview

    sample_data.load_sample_data(include_irs=False)
    workshop = Workshop.objects.get(title="Partnerships for Ford Valley libraries")
    assert workshop.status == "finished"
    assert room_context(workshop, "benefits_board")["entries"] == 6
    assert room_context(workshop, "survey")["answered"] == 5
    groups = room_context(workshop, "case_study")["groups"]
    assert all(group["answer"] for group in groups)
    assert feedback_summary(workshop)["count"] == 4
    jordan = workshop.participants.get(display_name="Jordan")
    teen_librarian = User.objects.get(email="teens@sample.allies.example")
    assert jordan.user == teen_librarian
    will_save = preview(jordan, workshop.library, teen_librarian, workshop.title)
    assert len(will_save.connections) == 3 and len(will_save.plan_items) == 4


def test_the_handout_alone_to_print(workshop):
    from allies.workshop.material import material_for

    participant, browser = participant_client(workshop)
    page = browser.get(f"/w/{workshop.join_code}/worksheets/?handout=1").content.decode()
    assert "<h1>Reminders and tips</h1>" in page
    assert material_for(workshop).tips[0] in page.replace("&#x27;", "'")
    assert "Partnership assessment survey" not in page


def test_a_participant_who_signs_in_afterwards_can_save(workshop, staff):
    participant, browser = participant_client(workshop)
    page = browser.get(f"/w/{workshop.join_code}/worksheets/").content.decode()
    assert f"/accounts/login/?next=/w/{workshop.join_code}/save/" in page
    browser.force_login(staff)  # the session keeps the participant's token
    response = browser.get(f"/w/{workshop.join_code}/save/")
    assert response.status_code == 200
    assert [library.slug for library in response.context["libraries"]] == ["riverton"]


def test_the_page_and_the_word_file_are_one_document(workshop, filled):
    """Every heading, sentence, answer and cell of the worksheets is on the page and in Word."""
    from allies.workshop.worksheets import worksheets_document
    from tests.document_checks import assert_one_source
    from tests.test_documents import _text

    ann, browser = filled
    page = browser.get(f"/w/{workshop.join_code}/worksheets/")
    word = browser.get(f"/w/{workshop.join_code}/worksheets.docx")
    document = worksheets_document(workshop, ann)
    assert_one_source(document, page.content, word.content)
    for text in ("The answer of group", "Potential partner:", "Tips for building partnerships"):
        assert text in page.content.decode() and text in _text(word.content)
