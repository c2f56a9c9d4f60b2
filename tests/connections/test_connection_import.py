"""Importing my contacts (vCard) and connections (CSV): preview, then all or nothing, with a report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from allies.connections.models import Connection, ContactImport
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from tests.connections.test_ties import url

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Dana Reyes\nEMAIL:DANA@example.org\nORG:Riverton Rotary Club\n"
    "TITLE:Chair\nTEL:802-555-0101\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Eli Park\nORG:Park Hardware\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Fay Quinn\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nTEL:555\nEND:VCARD\n"
)


def upload(
    client, content: bytes, name="contacts.vcf", file_format="vcard", kind="friend", strength="4"
):
    return client.post(
        url("import"),
        {
            "file_format": file_format,
            "kind": kind,
            "strength": strength,
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.fixture
def directory(library):
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    dana = Person.objects.create(library=library, name="Dana R.", email="dana@example.org")
    fay = Person.objects.create(library=library, name="Fay Quinn")
    return {"rotary": rotary, "dana": dana, "fay": fay}


def test_vcard_preview_then_import(staff_client, library, staff, directory):
    response = upload(staff_client, CARDS.encode())
    batch = ContactImport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("import_preview", batch.pk)
    preview = staff_client.get(url("import_preview", batch.pk))
    actions = [row["action"] for row in preview.context["report"]["rows"]]
    assert actions == ["match", "new", "match", "skip"]
    assert not Connection.objects.exists()  # the preview writes nothing

    response = staff_client.post(url("import_preview", batch.pk))
    assert response["Location"] == url("import_report", batch.pk)
    me = person_for(staff, library)
    connections = Connection.objects.filter(recorded_by=staff)
    assert connections.count() == 3
    assert all(c.kind == "friend" and c.strength == 4 and not c.shared for c in connections)
    assert all(me.pk in (c.person_a_id, c.person_b_id) for c in connections)
    dana = directory["dana"]
    dana.refresh_from_db()
    assert dana.name == "Dana R." and dana.phone == "802-555-0101"  # blanks filled, names kept
    assert Affiliation.objects.get(person=dana).role == "Chair"
    eli = Person.objects.get(name="Eli Park")
    assert eli.affiliations.get().organization.name == "Park Hardware"
    batch.refresh_from_db()
    assert batch.status == "imported" and bytes(batch.data) == b""
    report = staff_client.get(url("import_report", batch.pk)).content.decode()
    assert "1 new people, 3 new connections" in report


def test_importing_twice_merges(staff_client, directory):
    for _ in range(2):
        upload(staff_client, CARDS.encode())
        batch = ContactImport.objects.first()
        staff_client.post(url("import_preview", batch.pk))
    assert Connection.objects.count() == 3
    assert Person.objects.filter(name="Eli Park").count() == 1


def test_a_second_post_does_not_import_twice(staff_client, directory):
    upload(staff_client, CARDS.encode())
    batch = ContactImport.objects.get()
    staff_client.post(url("import_preview", batch.pk))
    Connection.objects.all().delete()
    staff_client.post(url("import_preview", batch.pk))
    assert not Connection.objects.exists()


def test_my_own_card_is_skipped(staff_client, library, staff):
    person_for(staff, library)
    card = f"BEGIN:VCARD\nFN:Me\nEMAIL:{staff.email}\nEND:VCARD\n".encode()
    upload(staff_client, card)
    batch = ContactImport.objects.get()
    staff_client.post(url("import_preview", batch.pk))
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a contacts file"),
        (b"hello there\n", "No contacts were found"),
    ],
)
def test_bad_vcard_files_are_refused_with_a_clear_message(staff_client, content, message):
    response = upload(staff_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactImport.objects.exists() and not Person.objects.exists()


def test_a_file_over_the_limit_is_refused(staff_client, settings):
    settings.MAX_IMPORT_BYTES = 100
    response = upload(staff_client, CARDS.encode())
    assert "the largest file Allies can import" in response.content.decode()
    assert not ContactImport.objects.exists()


CSV = (
    "person,other person,kind,strength,since,note,shared\n"
    "me,dana@example.org,Club or association,5,2019-05-01,Rotary lunches,yes\n"
    "Fay Quinn,Dana R.,friend,2,2015,,no\n"
)


def test_csv_connections_import(staff_client, library, staff, directory):
    upload(staff_client, CSV.encode(), name="ties.csv", file_format="csv")
    batch = ContactImport.objects.get()
    staff_client.post(url("import_preview", batch.pk))
    me = person_for(staff, library)
    first = Connection.objects.get(
        person_a__in=[me, directory["dana"]], person_b__in=[me, directory["dana"]]
    )
    assert first.kind == "club" and first.strength == 5 and first.shared
    assert str(first.since) == "2019-05-01" and first.note == "Rotary lunches"
    second = Connection.objects.exclude(pk=first.pk).get()
    assert second.strength == 2 and not second.shared and str(second.since) == "2015-01-01"


def test_csv_with_a_bad_row_imports_nothing_and_says_which_row(staff_client, library, directory):
    bad = CSV + "Nobody Known,Fay Quinn,friend,9,May 2019,,maybe\nFay Quinn,Fay Quinn,friend,3,,,\n"
    upload(staff_client, bad.encode(), name="ties.csv", file_format="csv")
    batch = ContactImport.objects.get()
    preview = staff_client.get(url("import_preview", batch.pk))
    errors = preview.context["report"]["errors"]
    assert {e["row"] for e in errors} == {4, 5}
    messages = " ".join(e["message"] for e in errors)
    assert "Nobody called “Nobody Known”" in messages and "from 1 to 5" in messages
    assert "2019-05-01" in messages and "yes or no" in messages and "themselves" in messages
    staff_client.post(url("import_preview", batch.pk))
    assert not Connection.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_csv_ambiguous_name_asks_for_the_email(staff_client, library, directory):
    Person.objects.create(library=library, name="Fay Quinn")
    upload(staff_client, CSV.encode(), name="ties.csv", file_format="csv")
    errors = staff_client.get(url("import_preview", ContactImport.objects.get().pk)).context[
        "report"
    ]["errors"]
    assert errors == [
        {"row": 3, "message": "2 people are called “Fay Quinn”: use their e-mail instead."}
    ]


def test_csv_without_the_person_columns_is_refused(staff_client):
    response = upload(
        staff_client, b"name,email\nDana,d@example.org\n", name="x.csv", file_format="csv"
    )
    assert "person" in response.content.decode() and not ContactImport.objects.exists()


def test_csv_names_are_matched_only_in_this_library(staff_client, other_library, directory):
    Person.objects.create(library=other_library, name="Gus Far")
    upload(staff_client, b"person,other person\nme,Gus Far\n", name="x.csv", file_format="csv")
    errors = staff_client.get(url("import_preview", ContactImport.objects.get().pk)).context[
        "report"
    ]["errors"]
    assert len(errors) == 1


def test_another_members_import_is_404(client, staff_client, owner, directory):
    upload(staff_client, CARDS.encode())
    batch = ContactImport.objects.get()
    client.force_login(owner)
    assert client.get(url("import_preview", batch.pk)).status_code == 404
    assert client.post(url("import_preview", batch.pk)).status_code == 404


def test_volunteer_cannot_import(volunteer_client):
    assert volunteer_client.get(url("import")).status_code == 403
    assert upload(volunteer_client, CARDS.encode()).status_code == 403


def test_outsider_gets_404(outsider_client, library, staff):
    batch = ContactImport.objects.create(
        library=library, created_by=staff, filename="a.vcf", file_format="vcard"
    )
    assert outsider_client.get(url("import")).status_code == 404
    assert outsider_client.get(url("import_preview", batch.pk)).status_code == 404
    assert outsider_client.get(url("import_report", batch.pk)).status_code == 404


def test_a_role_or_phone_longer_than_allies_keeps_is_refused_not_cut(staff_client, directory):
    """Nothing a user typed is cut without a word: the row says what is too long and by how much."""
    role, phone = "Chair of " + "the board " * 25, "802-555-0101 " * 4
    cards = (
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Gil Ortiz\nORG:Ortiz Farm\nTITLE:{role}\nEND:VCARD\n"
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Hana Lee\nTEL:{phone}\nEND:VCARD\n"
    )
    upload(staff_client, cards.encode())
    batch = ContactImport.objects.get()
    errors = staff_client.get(url("import_preview", batch.pk)).context["report"]["errors"]
    assert [e["row"] for e in errors] == [1, 7]  # the line each card starts on
    assert f"{len(role.strip())} characters" in errors[0]["message"]
    assert "at most 200" in errors[0]["message"] and "nothing was cut" in errors[0]["message"]
    assert f"{len(phone.strip())} characters" in errors[1]["message"]
    assert "at most 40" in errors[1]["message"]
    staff_client.post(url("import_preview", batch.pk))
    assert not Person.objects.filter(name__in=["Gil Ortiz", "Hana Lee"]).exists()
    assert not Affiliation.objects.exists()
