"""`allies createlibrary` and `allies createuser`: good input works, bad input says why."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from allies.libraries.models import Library, Membership, User

pytestmark = pytest.mark.django_db


def run(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", stdin)
    call_command(*args, stdout=out)
    return out.getvalue()


class FakeStdin(io.StringIO):
    def __init__(self, text="", tty=False):
        super().__init__(text)
        self.tty = tty

    def isatty(self):
        return self.tty


def test_createlibrary(db):
    out = run("createlibrary", "north-county", "--name", "North County Library", "--city", "Alden")
    library = Library.objects.get(slug="north-county")
    assert library.name == "North County Library"
    assert library.city == "Alden"
    assert "/l/north-county/" in out
    assert "createuser" in out


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("north county", "cannot be used in web addresses"),
        ("Riverton", "lower case"),
        ("x" * 61, "too long"),
    ],
)
def test_createlibrary_refuses_bad_slugs(db, slug, message):
    with pytest.raises(CommandError, match=message):
        run("createlibrary", slug, "--name", "A library")
    assert not Library.objects.exists()


def test_createlibrary_refuses_a_taken_slug(library):
    with pytest.raises(CommandError, match="already exists"):
        run("createlibrary", "riverton", "--name", "Another Riverton")
    assert Library.objects.get(slug="riverton").name == "Riverton Public Library"


def test_createuser_with_password_from_stdin(library, monkeypatch, client):
    out = run(
        "createuser",
        "Ada@Riverton.example",
        "--library",
        "riverton",
        "--role",
        "owner",
        "--name",
        "Ada Lovelace",
        "--password-from-stdin",
        stdin=FakeStdin("an excellent passphrase\n"),
        monkeypatch=monkeypatch,
    )
    assert "Created ada@riverton.example" in out
    user = User.objects.get(email="ada@riverton.example")
    assert user.full_name == "Ada Lovelace"
    assert Membership.objects.get(user=user, library=library).role == "owner"
    assert client.login(username="ada@riverton.example", password="an excellent passphrase")


def test_createuser_refuses_a_weak_password(library, monkeypatch):
    with pytest.raises(CommandError, match="Password refused"):
        run(
            "createuser",
            "ada@riverton.example",
            "--library=riverton",
            "--role=staff",
            "--password-from-stdin",
            stdin=FakeStdin("123\n"),
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(email="ada@riverton.example").exists()


def test_createuser_without_tty_prints_a_one_time_link(library, monkeypatch, client):
    out = run(
        "createuser",
        "bo@riverton.example",
        "--library=riverton",
        "--role=volunteer",
        stdin=FakeStdin(""),
        monkeypatch=monkeypatch,
    )
    user = User.objects.get(email="bo@riverton.example")
    assert not user.has_usable_password()
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", out).group(1)
    response = client.get(link)
    assert response.status_code == 302
    client.post(
        response.url, {"new_password1": "finally a password", "new_password2": "finally a password"}
    )
    user.refresh_from_db()
    assert user.check_password("finally a password")


def test_createuser_prompts_in_a_terminal(library, monkeypatch):
    answers = iter(["typed passphrase 42", "typed passphrase 42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    run(
        "createuser",
        "cy@riverton.example",
        "--library=riverton",
        "--role=staff",
        stdin=FakeStdin("", tty=True),
        monkeypatch=monkeypatch,
    )
    assert User.objects.get(email="cy@riverton.example").check_password("typed passphrase 42")


def test_createuser_adds_an_existing_account_to_another_library(outsider, library, monkeypatch):
    out = run(
        "createuser",
        outsider.email,
        "--library=riverton",
        "--role=staff",
        stdin=FakeStdin(""),
        monkeypatch=monkeypatch,
    )
    assert "Added existing account" in out
    assert "reset" not in out
    assert set(outsider.memberships.values_list("library__slug", flat=True)) == {
        "riverton",
        "elsewhere",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--library=riverton", "--role=staff"], "is not an e-mail address"),
        (["a@b.example", "--library=nowhere", "--role=staff"], "No library has the short name"),
        (["owner@riverton.example", "--library=riverton", "--role=staff"], "already a member"),
    ],
)
def test_createuser_bad_input(owner, monkeypatch, args, message):
    with pytest.raises(CommandError, match=message):
        run("createuser", *args, stdin=FakeStdin(""), monkeypatch=monkeypatch)
    assert User.objects.count() == 1


def test_createuser_refuses_an_unknown_role(library):
    with pytest.raises(CommandError):
        run("createuser", "a@b.example", "--library=riverton", "--role=boss")


def test_reset_link_page_name_is_stable():
    assert reverse("password_reset_confirm", args=["MQ", "x-y"]) == "/accounts/reset/MQ/x-y/"
