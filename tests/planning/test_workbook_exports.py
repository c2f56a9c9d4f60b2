"""The workbook and the benefits board as Word documents: read back, and opened by LibreOffice."""

import datetime
import io

import docx
import pytest
from django.utils import timezone

from allies.directory.models import Organization
from allies.goals.models import Goal
from allies.partnerships.models import Commitment, Partnership
from allies.planning import board_views, workbook
from allies.planning.models import ItemKind, Progress
from allies.planning.workbook_document import plan_document
from tests.document_checks import assert_one_source
from tests.test_documents import _text

pytestmark = pytest.mark.django_db


def _partner(library, name, stage="active", **fields):
    organization = Organization.objects.create(library=library, name=name)
    return Partnership.objects.create(
        library=library, organization=organization, stage=stage, **fields
    )


@pytest.fixture
def plan(library, owner):
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    plan = workbook.plan_for_goal(goal)
    plan.partners_who_could_help = "The foundation funds digital inclusion."
    plan.save()
    workbook.add_item(
        plan,
        kind=ItemKind.OPPORTUNITY,
        partnership=_partner(library, "Birchbark Books", stage="prospect"),
        by=owner,
        what="Ask for a donation jar",
        why="Dana offered",
    )
    item = workbook.add_item(
        plan,
        kind=ItemKind.FOR_PARTNER,
        partnership=_partner(library, "Hearthstone Club"),
        by=owner,
        what="Send the reading results",
        due_on=datetime.date(2026, 12, 15),
    )
    workbook.set_progress(item, Progress.DONE, by=owner, day=datetime.date(2026, 11, 20))
    return plan


def test_the_plan_exports_to_word_with_its_answer_items_and_what_is_missing(owner_client, plan):
    response = owner_client.get(f"/l/riverton/plan/{plan.pk}/action-plan.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="action-plan-{plan.pk}.docx"'
    text = _text(response.content)
    for expected in (
        "Plan for “Two more public computers”",
        "Riverton Public Library",
        "The foundation funds digital inclusion.",
        "Birchbark Books\nProspect",
        "Ask for a donation jar",
        "Send the reading results",
        "15 Dec 2026",
        "Add one more new opportunity",
        "Add two more things to do for current partners",
    ):
        assert expected in text, expected
    progress = docx.Document(io.BytesIO(response.content)).tables[-1].rows
    assert {row.cells[0].text: row.cells[2].text for row in progress[1:]} == {
        "Not started": "1",
        "Under way": "0",
        "Done": "1",
        "Dropped": "0",
    }


def test_the_printable_plan_and_the_word_file_are_one_document(owner_client, plan):
    """Every heading, sentence and cell of the plan is on the printable page and in the Word
    file: both render the one document planning/workbook_document.py builds."""
    page = owner_client.get(f"/l/riverton/plan/{plan.pk}/?print=1")
    word = owner_client.get(f"/l/riverton/plan/{plan.pk}/action-plan.docx")
    document = plan_document(plan, workbook.items_of(plan), timezone.localdate())
    assert_one_source(document, page.content, word.content)


def test_libreoffice_converts_the_plan(owner_client, plan, to_pdf):
    pdf = to_pdf(owner_client.get(f"/l/riverton/plan/{plan.pk}/action-plan.docx").content)
    assert pdf.startswith(b"%PDF")


@pytest.fixture
def board(library):
    club = _partner(
        library,
        "Hearthstone Club",
        benefits_to_library="Prizes for summer reading",
        benefits_to_partner="Their name on the poster",
    )
    Commitment.objects.create(
        library=library,
        partnership=club,
        owed_by="partner",
        what="Two volunteers in July",
        due_on=datetime.date(2026, 7, 1),
        status="kept",
        done_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    _partner(library, "Lantern House", stage="pilot")
    _partner(library, "The Courier", stage="ended", benefits_to_library="A weekly column")


def test_the_benefits_board_exports_three_columns(owner_client, board):
    page = owner_client.get("/l/riverton/plan/benefits-board/").content.decode()
    assert "/l/riverton/plan/benefits-board/benefits-board.docx" in page
    response = owner_client.get("/l/riverton/plan/benefits-board/benefits-board.docx")
    table = docx.Document(io.BytesIO(response.content)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Our partners", "What the library receives from them", "What the library offers them"],
        [
            "Hearthstone Club\nActive",
            "Prizes for summer reading\nKept in the last year: Two volunteers in July",
            "Their name on the poster",
        ],
        ["Lantern House\nPilot", "not written yet", "not written yet"],
    ]
    assert "A weekly column" not in _text(response.content)  # an ended partnership is not on it


def test_libreoffice_converts_the_benefits_board(owner_client, board, to_pdf):
    pdf = to_pdf(owner_client.get("/l/riverton/plan/benefits-board/benefits-board.docx").content)
    assert pdf.startswith(b"%PDF")


def test_the_exports_are_404_for_outsiders(outsider_client, plan):
    assert outsider_client.get(f"/l/riverton/plan/{plan.pk}/action-plan.docx").status_code == 404
    board = outsider_client.get("/l/riverton/plan/benefits-board/benefits-board.docx")
    assert board.status_code == 404


def test_volunteers_may_download_the_exports(volunteer_client, plan):
    assert volunteer_client.get(f"/l/riverton/plan/{plan.pk}/action-plan.docx").status_code == 200


def test_the_printable_board_and_the_word_file_are_one_document(owner_client, board, library):
    page = owner_client.get("/l/riverton/plan/benefits-board/", {"print": "1"})
    word = owner_client.get("/l/riverton/plan/benefits-board/benefits-board.docx")
    today = timezone.localdate()
    rows = board_views._rows(
        board_views._with_kept_commitments(board_views.board_partnerships(library), today)
    )
    document = board_views.board_document(library, rows, today)
    assert_one_source(document, page.content, word.content)
