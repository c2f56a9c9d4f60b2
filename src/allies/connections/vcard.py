"""A small reader for vCard files (.vcf) as phones and mail programs export them.

Versions 2.1, 3.0 and 4.0; folded lines; quoted-printable values (2.1) with their CHARSET; several
cards per file. Only what Allies keeps is read: the name (FN, else N), e-mails, phones, the
organization and the title. No Django import, so it is tested alone.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from allies.core.text import strip_controls

MAX_CARDS = 10_000
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"PK\x03\x04")


class NotAVCard(Exception):
    """The bytes are not a contacts file (or too big a one); `reason` is "empty", "binary",
    "no-cards" or "too-many" (over MAX_CARDS)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass
class Contact:
    """One card: the fields Allies keeps, and the line it starts on."""

    line: int
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organization: str = ""
    title: str = ""

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""


def _logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Unfold the physical lines: a line starting with a space or tab continues the one before;
    a quoted-printable value ending in "=" continues on the next line."""
    lines: list[tuple[int, bytes]] = []
    raw = re.split(rb"\r\n|\n|\r", data)
    for number, line in enumerate(raw, start=1):
        if lines and line[:1] in (b" ", b"\t"):
            start, previous = lines[-1]
            lines[-1] = (start, previous + line[1:])
            continue
        if lines:
            start, previous = lines[-1]
            if _is_quoted_printable(previous) and previous.endswith(b"="):
                lines[-1] = (start, previous[:-1] + b"=\r\n" + line)
                continue
        lines.append((number, line))
    return lines


def _is_quoted_printable(line: bytes) -> bool:
    head = line.split(b":", 1)[0].upper()
    return b"QUOTED-PRINTABLE" in head


def _split_property(line: bytes) -> tuple[str, dict[str, str], bytes] | None:
    """("EMAIL", {"TYPE": "WORK", ...}, raw value) or None for a line that is not a property."""
    head, colon, value = line.partition(b":")
    if not colon:
        return None
    parts = head.decode("ascii", "replace").split(";")
    name = parts[0].rsplit(".", 1)[-1].strip().upper()  # drop a group prefix ("item1.EMAIL")
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, equals, param_value = part.partition("=")
        if equals:
            params[key.strip().upper()] = param_value.strip().strip('"')
        else:  # vCard 2.1 bare parameters: "WORK", "QUOTED-PRINTABLE"
            bare = key.strip().upper()
            if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                params["ENCODING"] = bare
            else:
                params.setdefault("TYPE", bare)
    return name, params, value


def _decode(value: bytes, params: dict[str, str]) -> str:
    encoding = params.get("ENCODING", "").upper()
    if encoding == "QUOTED-PRINTABLE":
        value = quopri.decodestring(value.replace(b"=\r\n", b"=\n"))
    charset = params.get("CHARSET", "utf-8")
    for candidate in (charset, "utf-8", "cp1252"):
        try:
            return value.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return strip_controls(value.decode("utf-8", "replace"))  # allies/core/text.py


def _components(text: str) -> list[str]:
    """Split a structured value (N, ORG) on unescaped semicolons, then unescape each part."""
    parts = re.split(r"(?<!\\);", text)
    return [_unescape(part) for part in parts]


def _unescape(text: str) -> str:
    text = re.sub(r"\\[nN]", "\n", text)
    return re.sub(r"\\([,;:\\])", r"\1", text).strip()


def _name_from_n(parts: list[str]) -> str:
    family, given, additional, prefix, suffix = (parts + [""] * 5)[:5]
    words = [prefix, given, additional, family, suffix]
    return " ".join(" ".join(w.split()) for w in words if w.strip())


def check_bytes(data: bytes) -> None:
    """Refuse what cannot be a contacts file before reading it."""
    if not data.strip():
        raise NotAVCard("empty")
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise NotAVCard("binary")


def read_vcards(data: bytes) -> list[Contact]:
    """Every card in the file, in order. Raises NotAVCard when there is none."""
    check_bytes(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    contacts: list[Contact] = []
    card: Contact | None = None
    n_name = ""
    for number, line in _logical_lines(data):
        prop = _split_property(line)
        if prop is None:
            continue
        name, params, raw = prop
        if name == "BEGIN" and raw.strip().upper() == b"VCARD":
            card, n_name = Contact(line=number), ""
            continue
        if card is None:
            continue
        if name == "END" and raw.strip().upper() == b"VCARD":
            card.name = card.name or n_name
            contacts.append(card)
            if len(contacts) > MAX_CARDS:
                raise NotAVCard("too-many")
            card = None
            continue
        if params.get("ENCODING", "").upper() in ("BASE64", "B"):
            continue  # photos and sounds
        text = _decode(raw, params)
        if name == "FN":
            card.name = " ".join(_unescape(text).split())
        elif name == "N":
            n_name = _name_from_n(_components(text))
        elif name == "EMAIL":
            value = _unescape(text).removeprefix("mailto:").strip()
            if value and value not in card.emails:
                card.emails.append(value)
        elif name == "TEL":
            value = _unescape(text).removeprefix("tel:").strip()
            if value and value not in card.phones:
                card.phones.append(value)
        elif name == "ORG":
            card.organization = next((part for part in _components(text) if part), "")
        elif name == "TITLE":
            card.title = _unescape(text)
    if not contacts:
        raise NotAVCard("no-cards")
    return contacts
