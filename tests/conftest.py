"""Fixed actors for every test: a library with an owner, a staff member and a volunteer, and an
outsider who belongs to another library."""

import os
import threading

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The `allies` commands the tests start speak English, whatever this machine's locale.
os.environ["ALLIES_LANGUAGE"] = "en"

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Plain static files, and a fast password hasher (Django's advice for test suites).

    PBKDF2 at Django's million iterations costs 0.2 s of CPU for every account a test makes and
    every password sign-in: most of the suite's time went there. Passwords hashed the real way
    (by `allies` commands run as processes) are still checked, with the second hasher.

    Pages are not kept between requests (allies/core/page_cache.py): a test's transaction never
    commits, so the changes a test makes would not forget them. tests/test_page_cache.py turns
    it on where commits happen.

    Afterwards, the language a test's requests activated is let go: the next test starts in the
    default language whatever the order (a French page must not make the next test French).
    """
    from django.utils import translation

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    settings.PAGE_CACHE_SECONDS = 0
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _postgres_empties_tables_with_delete():
    """After a test that commits (a live server's, a process's), pytest-django empties the tables
    with Django's `flush` command, which on PostgreSQL truncates them: 85 tables truncated cost
    half a second a test (each gets new files), deleted a few hundredths, with the same empty
    tables after. The foreign keys Django makes are deferrable, so the order of the deletes does
    not matter. Only that command changes, and only when it keeps the sequences and does not
    cascade (the tests' own flush); a restore's emptying (allies/core/backup) is untouched.
    """
    from django.core.management.commands import flush

    truncate = flush.sql_flush

    def delete(style, connection, reset_sequences=True, allow_cascade=False):
        if connection.vendor != "postgresql" or reset_sequences or allow_cascade:
            return truncate(
                style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        quoted = [connection.ops.quote_name(table) for table in tables]
        return ["SET CONSTRAINTS ALL DEFERRED;", *(f"DELETE FROM {t};" for t in quoted)]  # noqa: S608

    flush.sql_flush = delete
    yield
    flush.sql_flush = truncate


def first_rows(source, target, rows: int):
    """The heading and the first `rows` organizations of a real extract, written to `target`
    (a smaller file of the same real data); returns `target`."""
    with open(source, encoding="utf-8") as whole:
        target.write_text("".join(next(whole) for _ in range(rows + 1)), "utf-8")
    return target


SERVING = "(process_request_thread)"  # how Python names the threads of Django's live server


@pytest.fixture(autouse=True)
def _requests_end_before_the_flush(request):
    """Wait, after a test, for the live server to finish the requests still running.

    A page can ask for more after it has loaded (htmx's `hx-trigger="load"`): closing the browser
    does not stop the server, whose thread then reads the tables while pytest-django empties them.
    On SQLite in memory, where the server shares the test's connection, that is "database table is
    locked" at teardown.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so emptied after the wait
    yield
    for thread in threading.enumerate():
        if thread.name.endswith(SERVING):
            thread.join(timeout=30)
            assert not thread.is_alive(), f"the live server still serves a request: {thread.name}"


@pytest.fixture
def library(db):
    from allies.libraries.models import Library

    return Library.objects.create(
        name="Riverton Public Library",
        slug="riverton",
        city="Riverton",
        mission="Free access to knowledge, technology and community for everyone in Riverton.",
    )


@pytest.fixture
def other_library(db):
    from allies.libraries.models import Library

    return Library.objects.create(name="Elsewhere Library", slug="elsewhere", city="Elsewhere")


def _member(library, email, role, name):
    from allies.libraries.models import Membership, User

    user = User.objects.create_user(email, PASSWORD, full_name=name)
    Membership.objects.create(user=user, library=library, role=role)
    return user


@pytest.fixture
def owner(library):
    return _member(library, "owner@riverton.example", "owner", "Olivia Owner")


@pytest.fixture
def staff(library):
    return _member(library, "staff@riverton.example", "staff", "Sam Staff")


@pytest.fixture
def volunteer(library):
    return _member(library, "volunteer@riverton.example", "volunteer", "Val Volunteer")


@pytest.fixture
def outsider(other_library):
    return _member(other_library, "outsider@elsewhere.example", "owner", "Oscar Outsider")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; Django sends to it over SMTP."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 Message accepted for delivery"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


LIBREOFFICE = os.environ.get("ALLIES_LIBREOFFICE", "libreoffice")


@pytest.fixture
def to_pdf(tmp_path):
    """Convert a document (bytes) to PDF with LibreOffice, as a librarian's computer would open it.

    Returns the PDF's bytes; fails with LibreOffice's own words when the conversion fails. Without
    LibreOffice the test is skipped, except where ALLIES_REQUIRE_LIBREOFFICE is set (CI sets it).
    """
    import shutil
    import subprocess

    program = shutil.which(LIBREOFFICE)
    if program is None:
        message = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("ALLIES_REQUIRE_LIBREOFFICE"):
            pytest.fail(message)
        pytest.skip(message)

    def convert(content: bytes, name: str = "document.docx") -> bytes:
        source = tmp_path / name
        source.write_bytes(content)
        profile = (tmp_path / "profile").as_uri()  # its own profile: runs never share a lock
        result = subprocess.run(  # noqa: S603 (our own file, LibreOffice from PATH)
            [
                program,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "pdf"),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        target = tmp_path / "pdf" / (source.stem + ".pdf")
        assert result.returncode == 0 and target.exists(), (result.stdout, result.stderr)
        pdf = target.read_bytes()
        assert pdf.startswith(b"%PDF"), pdf[:20]
        return pdf

    return convert
