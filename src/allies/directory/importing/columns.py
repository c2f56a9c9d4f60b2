"""Columns and their meaning: the fields an import fills, and the headings that name each one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.directory.importing.reading import BadFile

ORGANIZATIONS = "organizations"
PEOPLE = "people"
KINDS = (ORGANIZATIONS, PEOPLE)


@dataclass(frozen=True)
class Column:
    """A field a column can be imported into, with the headings that mean it."""

    key: str
    label: str
    synonyms: tuple[str, ...]


def heading_key(heading: str) -> str:
    """'E-mail address' -> 'emailaddress': headings compared without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", heading.casefold())


ORGANIZATION_COLUMNS = [
    Column(
        "name",
        gettext_lazy("Name"),
        (
            "name",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "orgname",
            "partner",
            "partnername",
            "company",
            "business",
            "businessname",
        ),
    ),
    Column(
        "sector",
        gettext_lazy("Sector"),
        ("sector", "type", "kind", "category", "organizationtype", "organisationtype"),
    ),
    Column("ntee_code", gettext_lazy("NTEE code"), ("ntee", "nteecode", "nteecd")),
    Column("ein", gettext_lazy("EIN"), ("ein", "taxid", "fein", "employeridentificationnumber")),
    Column(
        "mission", gettext_lazy("Mission"), ("mission", "missionstatement", "about", "description")
    ),
    Column(
        "current_interests",
        gettext_lazy("What they care about now"),
        ("currentinterests", "interests", "priorities", "whattheycareaboutnow"),
    ),
    Column(
        "website",
        gettext_lazy("Website"),
        ("website", "url", "web", "site", "homepage", "webaddress", "websiteurl"),
    ),
    Column(
        "address",
        gettext_lazy("Street address"),
        ("address", "streetaddress", "street", "address1", "addressline1"),
    ),
    Column("city", gettext_lazy("City or town"), ("city", "town", "cityortown", "municipality")),
    Column("state", gettext_lazy("State"), ("state", "st", "province")),
    Column(
        "zip_code",
        gettext_lazy("ZIP code"),
        ("zip", "zipcode", "postcode", "postalcode", "zip5", "zippostalcode"),
    ),
    Column(
        "phone",
        gettext_lazy("Phone"),
        ("phone", "telephone", "tel", "phonenumber", "telephonenumber"),
    ),
    Column("email", gettext_lazy("E-mail"), ("email", "emailaddress", "mail")),
    Column(
        "audiences",
        gettext_lazy("Audiences they reach"),
        ("audiences", "audience", "audiencestheyreach", "whotheyreach", "serves"),
    ),
    Column(
        "resources",
        gettext_lazy("Resources and skills they could offer"),
        (
            "resources",
            "resource",
            "resourcesandskills",
            "skills",
            "resourcesandskillstheycouldoffer",
            "whattheycanoffer",
            "offers",
        ),
    ),
    Column("needs", gettext_lazy("Their needs"), ("needs", "theirneeds")),
    Column("notes", gettext_lazy("Notes"), ("notes", "note", "comments", "comment", "remarks")),
    # The person to talk to there: a Person with a current Affiliation to the organization.
    Column(
        "contact_name",
        gettext_lazy("Contact person's name"),
        (
            "contact",
            "contactname",
            "contactperson",
            "contactpersonname",
            "contactfullname",
            "primarycontact",
            "keycontact",
            "person",
        ),
    ),
    Column(
        "contact_email",
        gettext_lazy("Contact person's e-mail"),
        ("contactemail", "contactemailaddress", "contactmail", "contactpersonemail"),
    ),
    Column(
        "contact_phone",
        gettext_lazy("Contact person's phone"),
        ("contactphone", "contacttelephone", "contacttel", "contactphonenumber", "mobile", "cell"),
    ),
    Column(
        "contact_role",
        gettext_lazy("Contact person's role or title"),
        ("contactrole", "contacttitle", "role", "title", "jobtitle", "position"),
    ),
]
CONTACT_FIELDS = {
    "contact_name": "name",
    "contact_email": "email",
    "contact_phone": "phone",
    "contact_role": "role",
}

PEOPLE_COLUMNS = [
    Column(
        "name",
        gettext_lazy("Name"),
        ("name", "fullname", "person", "contact", "contactname", "personname"),
    ),
    Column("first_name", gettext_lazy("First name"), ("firstname", "givenname", "first")),
    Column("last_name", gettext_lazy("Last name"), ("lastname", "surname", "familyname", "last")),
    Column("email", gettext_lazy("E-mail"), ("email", "emailaddress", "mail")),
    Column(
        "phone",
        gettext_lazy("Phone"),
        ("phone", "telephone", "tel", "phonenumber", "mobile", "cell"),
    ),
    Column(
        "organization",
        gettext_lazy("Organization"),
        (
            "organization",
            "organisation",
            "org",
            "company",
            "employer",
            "affiliation",
            "organizationname",
        ),
    ),
    Column("role", gettext_lazy("Role or title"), ("role", "title", "jobtitle", "position")),
    Column("notes", gettext_lazy("Notes"), ("notes", "note", "comments", "comment", "remarks")),
]


def columns_for(kind: str) -> list[Column]:
    return ORGANIZATION_COLUMNS if kind == ORGANIZATIONS else PEOPLE_COLUMNS


def auto_mapping(headers: list[str], kind: str) -> list[str]:
    """For each heading, the field it most likely holds ('' when none); each field used once."""
    lookup = {}
    for column in columns_for(kind):
        for synonym in column.synonyms:
            lookup.setdefault(synonym, column.key)
    used: set[str] = set()
    mapping = []
    for heading in headers:
        key = lookup.get(heading_key(heading), "")
        if key in used:
            key = ""
        used.add(key)
        mapping.append(key)
    if kind == ORGANIZATIONS and "contact_name" in used:
        # A sheet with a Contact column and one plain Email (or Phone) column: that is the
        # contact's, as in most hand-kept lists, unless another column says "Contact e-mail".
        for field, contact_field in (("email", "contact_email"), ("phone", "contact_phone")):
            if field in used and contact_field not in used:
                mapping[mapping.index(field)] = contact_field
    return mapping


def check_mapping(mapping: list[str], kind: str) -> None:
    """Refuse a mapping that imports nothing, or cannot name the records it creates."""
    chosen = {key for key in mapping if key}
    if not chosen:
        raise BadFile(
            _(
                "None of the column headings was recognised. The first row should name each "
                "column, for example Name, City, ZIP code, E-mail."
            )
        )
    if "name" not in chosen and not (kind == PEOPLE and chosen & {"first_name", "last_name"}):
        raise BadFile(
            _("No column holds the name. Add a column headed Name (or choose which column it is).")
        )
    known = {column.key for column in columns_for(kind)}
    repeated = [key for key in chosen if mapping.count(key) > 1]
    if repeated or not chosen <= known:
        raise BadFile(_("Each field can be chosen for one column only."))
