"""One rule for ZIP codes, wherever one is typed or imported.

'05602' and '05602-2957' are kept; nine digits get their hyphen; four digits (or eight) that do not
start with a zero are a ZIP code a spreadsheet or a hurried hand dropped the leading zero of, so
'5602' is 05602 (New England's ZIP codes all start with 0). The library's profile, its branches,
the organization form (and the API through it) and the importer all call `mend_zip`.
"""

import re

FULL = re.compile(r"\d{5}(-\d{4})?")


class ZipError(ValueError):
    """Not a ZIP code; `short` when it has too few digits to be one."""

    def __init__(self, value: str, short: bool):
        super().__init__(value)
        self.value = value
        self.short = short


def mend_zip(value: str) -> tuple[str, bool]:
    """(the ZIP code as stored, whether it was mended); '' stays ''. Raises ZipError."""
    zip_code = value.strip()
    digits = zip_code.replace("-", "").replace(" ", "")
    if not zip_code:
        return "", False
    if digits.isdigit() and len(digits) in (4, 8) and not digits.startswith("0"):
        mended = "0" + digits
        return (mended if len(mended) == 5 else f"{mended[:5]}-{mended[5:]}"), True
    if digits.isdigit() and len(digits) == 9 and "-" not in zip_code:
        return f"{digits[:5]}-{digits[5:]}", False
    if FULL.fullmatch(zip_code):
        return zip_code, False
    raise ZipError(zip_code, short=digits.isdigit() and len(digits) < 5)
