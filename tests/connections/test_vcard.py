"""The vCard reader: the fields Allies keeps, from files as phones and mail programs write them."""

import pytest

from allies.connections.vcard import NotAVCard, read_vcards

V21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\r\nller\r\n"
    "TEL;CELL;PREF:+1 802 555 0101\r\nTEL;HOME:802-555-0199\r\n"
    "EMAIL;INTERNET:jm@example.org\r\nORG:Riverton Rotary Club;Board\r\nTITLE:Treasurer\r\n"
    "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n AAAQABAAD\r\n\r\n"
    "END:VCARD\r\n"
)
V30 = (
    "BEGIN:VCARD\nVERSION:3.0\nN:Reyes;Dana;;;\nFN:Dana Reyes\n"
    "item1.EMAIL;type=INTERNET;type=pref:dana@exa\n mple.org\nitem1.X-ABLabel:_$!<Work>!$_\n"
    "EMAIL;type=INTERNET:dana.home@example.org\n"
    "ORG:Smith\\, Jones & Co.;\nTITLE:Director\\, Outreach\nEND:VCARD\n"
)
V40 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Łucja Kowalska\r\nEMAIL;TYPE=work:lucja@example.pl\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+48-22-555-0100\r\nEND:VCARD\r\n"
)


def test_version_2_1_quoted_printable_folded_and_parameters():
    [card] = read_vcards(V21.encode())
    assert card.name == "Jürgen Müller"
    assert card.phones == ["+1 802 555 0101", "802-555-0199"]
    assert card.email == "jm@example.org"
    assert card.organization == "Riverton Rotary Club" and card.title == "Treasurer"


def test_version_3_0_folding_groups_and_escapes():
    [card] = read_vcards(V30.encode())
    assert card.name == "Dana Reyes"
    assert card.emails == ["dana@example.org", "dana.home@example.org"]
    assert card.organization == "Smith, Jones & Co." and card.title == "Director, Outreach"


def test_version_4_0_utf8_and_tel_uri():
    [card] = read_vcards(V40.encode())
    assert card.name == "Łucja Kowalska" and card.phone == "+48-22-555-0100"


def test_several_cards_in_one_file_keep_their_order_and_lines():
    cards = read_vcards((V21 + V30 + V40).encode())
    assert [c.name for c in cards] == ["Jürgen Müller", "Dana Reyes", "Łucja Kowalska"]
    assert cards[0].line == 1 and cards[1].line > cards[0].line


def test_name_from_n_when_fn_is_missing_and_bom():
    data = "\ufeffBEGIN:VCARD\nVERSION:3.0\nN:Park;Eli;J.;Dr.;\nEND:VCARD\n".encode()
    assert read_vcards(data)[0].name == "Dr. Eli J. Park"


def test_latin1_charset_in_2_1():
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Ren\xe9 Dupr\xe9\r\nEND:VCARD\r\n"
    assert read_vcards(data)[0].name == "René Dupré"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"abc\x00def", "binary"),
        (b"name,email\nDana,dana@example.org\n", "no-cards"),
        (b"BEGIN:VCARD\nFN:never ends\n", "no-cards"),
    ],
)
def test_files_that_are_not_vcards_say_why(data, reason):
    with pytest.raises(NotAVCard) as problem:
        read_vcards(data)
    assert problem.value.reason == reason
