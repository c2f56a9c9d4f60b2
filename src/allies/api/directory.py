"""Organizations, people, the library's audiences and resources, exports, introduction paths.

Each endpoint does what the directory's pages do, through their forms and functions: the list
filters of the organizations page, the organization and person edit forms with their edit-collision
rule, the vocabulary forms, the downloads of Directory > Export, the introduction paths page.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from allies.api.access import api_access
from allies.api.forms import edit, etag, form_data, submit
from allies.api.pagination import Page, keyset_page
from allies.api.schemas import (
    EDIT_REFUSALS,
    REFUSALS,
    Id,
    Syncing,
    changed_since,
)
from allies.connections.path_views import PathsForm
from allies.connections.paths import introduction_paths
from allies.core.concurrency import version_of
from allies.directory import exporting, forms, listing
from allies.directory.models import Affiliation, Audience, Organization, Person, Resource, Sector
from allies.libraries.access import MEMBERS, STAFF
from allies.partnerships.models import Stage

router = Router(tags=["directory"])


# Organizations ------------------------------------------------------------------------------------


class PartnershipRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    stage: Stage


class OrganizationOut(BaseModel):
    """An organization. A plain pydantic model built from a dict (see `organization_out`): the
    list of 100 is the API's hot path, and this validates ten times faster than a ninja Schema
    reading the model through its resolvers."""

    id: int
    name: str
    sector: Sector
    ntee_code: str
    ein: str
    mission: str
    current_interests: str
    website: str
    address: str
    city: str
    state: str
    zip_code: str
    phone: str
    email: str
    audiences: list[int] = Field(description="Ids of the library's audiences they reach.")
    resources: list[int] = Field(description="Ids of the resources and skills they could offer.")
    needs: str
    notes: str
    source: str
    partnership: PartnershipRef | None = Field(
        description="The library's open (not archived) partnership with them, if any."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: str = Field(description="Send it back in If-Match to change the record.")


COLUMNS = [
    name
    for name in OrganizationOut.model_fields
    if name not in ("audiences", "resources", "partnership", "version")
]


def organization_out(organization) -> dict:
    """An organization (passed through `with_related`) as OrganizationOut's fields."""
    return {
        **{name: getattr(organization, name) for name in COLUMNS},
        "audiences": organization.audience_ids,
        "resources": organization.resource_ids,
        "partnership": organization.open_partnership,
        "version": version_of(organization),
    }


class OrganizationPage(BaseModel):
    items: list[OrganizationOut]
    next_cursor: str | None = None


class OrganizationSort(StrEnum):
    NAME = "name"
    CITY = "city"
    UPDATED = "updated"


class OrganizationFilters(Syncing):
    q: str | None = Field(None, max_length=200, description="Words in the name, mission or city.")
    sector: Sector | None = None
    audience: Id | None = Field(None, description="Id of an audience they reach.")
    resource: Id | None = Field(None, description="Id of a resource they could offer.")
    city: str | None = Field(None, max_length=120)
    stage: Stage | None = Field(None, description="The stage of their open partnership.")
    sort: OrganizationSort = OrganizationSort.NAME


class OrganizationIn(Schema):
    """A new organization: the fields of the page's form; only the name is required."""

    name: str = Field(min_length=1)
    sector: Sector = Sector.NONPROFIT
    mission: str = ""
    current_interests: str = ""
    audiences: list[Id] = []
    resources: list[Id] = []
    needs: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    ntee_code: str = ""
    ein: str = ""
    notes: str = ""


class OrganizationChanges(Schema):
    """The fields to change; fields left out keep their value."""

    name: str | None = None
    sector: Sector | None = None
    mission: str | None = None
    current_interests: str | None = None
    audiences: list[Id] | None = None
    resources: list[Id] | None = None
    needs: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    ntee_code: str | None = None
    ein: str | None = None
    notes: str | None = None


def _organizations(library):
    return Organization.objects.filter(library=library)


def with_related(organizations: list) -> list:
    """Give each organization of a page its audience and resource ids and its open partnership,
    in three queries of plain values (no model built per audience: the list's hot path)."""
    ids = [organization.pk for organization in organizations]
    related: dict[int, tuple[list, list]] = {pk: ([], []) for pk in ids}
    for through, index, column in (
        (Organization.audiences.through, 0, "audience_id"),
        (Organization.resources.through, 1, "resource_id"),
    ):
        rows = through.objects.filter(organization_id__in=ids).order_by(column)
        for organization_id, term_id in rows.values_list("organization_id", column):
            related[organization_id][index].append(term_id)
    partnership = Organization._meta.get_field("partnerships").related_model
    open_ones = {
        organization_id: {"id": pk, "stage": stage}
        for organization_id, pk, stage in partnership.objects.filter(
            organization_id__in=ids, archived_at__isnull=True
        ).values_list("organization_id", "id", "stage")
    }
    for organization in organizations:
        organization.audience_ids, organization.resource_ids = related[organization.pk]
        organization.open_partnership = open_ones.get(organization.pk)
    return organizations


def _organization(request, organization_id: int) -> OrganizationOut:
    organization = get_object_or_404(_organizations(request.library), pk=organization_id)
    return OrganizationOut(**organization_out(with_related([organization])[0]))


def _change(request, form_class, pk: int, payload: Schema, if_match: str | None) -> None:
    """Save the fields sent to the library's record through its edit form (see forms.edit)."""
    record = get_object_or_404(form_class._meta.model, library=request.library, pk=pk)
    edit(
        form_class,
        record,
        form_data(payload, sent_only=True),
        if_match=if_match,
        library=request.library,
    )


def _with_etag(response, answer):
    """`answer` (a model, or OrganizationOut) with its version in the ETag header too."""
    response["ETag"] = f'"{answer.version}"' if isinstance(answer, BaseModel) else etag(answer)
    return answer


@router.get("/organizations", response={200: OrganizationPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_organizations(request, filters: Query[OrganizationFilters]):
    """The directory's organizations, with the organizations page's search, filters and sorts."""
    library = request.library
    data = form_data(filters)
    form = submit(
        forms.OrganizationFilterForm(data, library=library, cities=listing.cities(library))
    )
    queryset = changed_since(form.filter(_organizations(library)), filters.updated_since)
    items, following = keyset_page(queryset, cursor=filters.cursor, limit=filters.limit)
    return OrganizationPage(
        items=[organization_out(o) for o in with_related(items)], next_cursor=following
    )


@router.post("/organizations", response={201: OrganizationOut, **REFUSALS})
@api_access(role=STAFF)
def create_organization(request, payload: OrganizationIn, response: HttpResponse):
    """Add an organization, as Directory > Add an organization does."""
    form = forms.OrganizationForm(form_data(payload), library=request.library)
    organization = submit(form).save()
    return Status(201, _with_etag(response, _organization(request, organization.pk)))


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_organization(request, organization_id: Id, response: HttpResponse):
    return _with_etag(response, _organization(request, organization_id))


@router.patch("/organizations/{organization_id}", response={200: OrganizationOut, **EDIT_REFUSALS})
@api_access(role=STAFF)
def update_organization(
    request,
    organization_id: Id,
    payload: OrganizationChanges,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", max_length=100),
):
    """Change an organization. If-Match must carry the version you read: 412 when it moved."""
    _change(request, forms.OrganizationForm, organization_id, payload, if_match)
    return _with_etag(response, _organization(request, organization_id))


# People -------------------------------------------------------------------------------------------


class AffiliationOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    started_on: datetime.date | None
    ended_on: datetime.date | None = Field(description="Set when they left: a former affiliation.")

    @staticmethod
    def resolve_organization_name(affiliation) -> str:
        return affiliation.organization.name


class PersonOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    notes: str
    is_staff_member: bool = Field(description="This person stands for a member of the library.")
    affiliations: list[AffiliationOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: str = Field(description="Send it back in If-Match to change the record.")

    @staticmethod
    def resolve_is_staff_member(person) -> bool:
        return person.user_id is not None

    @staticmethod
    def resolve_affiliations(person) -> list:
        return list(person.affiliations.all())

    @staticmethod
    def resolve_version(person) -> str:
        return version_of(person)


class PersonPage(Page):
    items: list[PersonOut]


class PersonFilters(Syncing):
    q: str | None = Field(None, max_length=200, description="Words in the name or e-mail.")


class PersonIn(Schema):
    name: str = Field(min_length=1)
    email: str = ""
    phone: str = ""
    notes: str = ""


class PersonChanges(Schema):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


def _people(library):
    return Person.objects.filter(library=library).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization").order_by(
                "ended_on", "-started_on", "id"
            ),
        )
    )


def _person(request, person_id: int) -> Person:
    return get_object_or_404(_people(request.library), pk=person_id)


@router.get("/people", response={200: PersonPage, **REFUSALS})
@api_access(role=MEMBERS)
def list_people(request, filters: Query[PersonFilters]):
    """The directory's people with their affiliations (current and former), by name."""
    people = _people(request.library)
    if filters.q and filters.q.strip():
        people = people.search(filters.q.strip())
    people = changed_since(people.order_by("name", "id"), filters.updated_since)
    items, following = keyset_page(people, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next_cursor": following}


@router.post("/people", response={201: PersonOut, **REFUSALS})
@api_access(role=STAFF)
def create_person(request, payload: PersonIn, response: HttpResponse):
    person = submit(forms.PersonForm(form_data(payload), library=request.library)).save()
    return Status(201, _with_etag(response, _person(request, person.pk)))


@router.get("/people/{person_id}", response={200: PersonOut, **REFUSALS})
@api_access(role=MEMBERS)
def get_person(request, person_id: Id, response: HttpResponse):
    return _with_etag(response, _person(request, person_id))


@router.patch("/people/{person_id}", response={200: PersonOut, **EDIT_REFUSALS})
@api_access(role=STAFF)
def update_person(
    request,
    person_id: Id,
    payload: PersonChanges,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", max_length=100),
):
    """Change a person. If-Match must carry the version you read: 412 when it moved."""
    _change(request, forms.PersonForm, person_id, payload, if_match)
    return _with_etag(response, _person(request, person_id))


# Audiences and resources --------------------------------------------------------------------------


class TermOut(Schema):
    id: int
    name: str
    slug: str


class TermIn(Schema):
    name: str = Field(min_length=1, max_length=100)


def _terms(model, library) -> list:
    return list(model.objects.filter(library=library).order_by("name", "id"))


def _add_term(request, model, payload: TermIn):
    form_class = forms.vocabulary_form_class(model)
    return Status(201, submit(form_class(form_data(payload), library=request.library)).save())


@router.get("/audiences", response={200: list[TermOut], **REFUSALS})
@api_access(role=MEMBERS)
def list_audiences(request):
    """The library's audiences (teens, seniors, English learners...), by name."""
    return _terms(Audience, request.library)


@router.post("/audiences", response={201: TermOut, **REFUSALS})
@api_access(role=STAFF)
def create_audience(request, payload: TermIn):
    return _add_term(request, Audience, payload)


@router.get("/resources", response={200: list[TermOut], **REFUSALS})
@api_access(role=MEMBERS)
def list_resources(request):
    """The library's resources and skills partners can offer, by name."""
    return _terms(Resource, request.library)


@router.post("/resources", response={201: TermOut, **REFUSALS})
@api_access(role=STAFF)
def create_resource(request, payload: TermIn):
    return _add_term(request, Resource, payload)


# Exports ------------------------------------------------------------------------------------------


class ExportWhat(StrEnum):
    ORGANIZATIONS = exporting.ORGANIZATIONS
    PEOPLE = exporting.PEOPLE


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


EXPORT_CONTENT = {
    "content": {
        exporting.CONTENT_TYPES["csv"].split(";")[0]: {
            "schema": {"type": "string", "format": "binary"}
        },
        exporting.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    },
    "description": "The file, as Directory > Export downloads it.",
}


@router.get(
    "/exports/{what}",
    response=REFUSALS,
    openapi_extra={"responses": {200: EXPORT_CONTENT}},
)
@api_access(role=MEMBERS)
def export(request, what: ExportWhat, format: ExportFormat = ExportFormat.CSV):  # noqa: A002
    """The directory as CSV or XLSX, exactly as the page's download: cells a spreadsheet would
    run as a formula start with an apostrophe."""
    content = exporting.export_bytes(request.library, what.value, format.value)
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[format.value])
    filename = exporting.filename_for(request.library, what.value, format.value)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Introduction paths -------------------------------------------------------------------------------


class PathPersonOut(Schema):
    id: int
    name: str
    is_staff: bool
    role: str = Field(description="Their role at the organization (the last person only).")


class PathLinkOut(Schema):
    kind: str
    strength: int = Field(ge=1, le=5)
    shared: bool = Field(description="False: a connection you recorded and keep private.")


class PathOut(Schema):
    score: float = Field(ge=0, le=1)
    hops: int
    people: list[PathPersonOut] = Field(description="From a staff member to someone inside.")
    links: list[PathLinkOut]


class ColleagueOut(Schema):
    id: int
    name: str


class ColleagueHelpOut(Schema):
    """A better path exists through connections these colleagues keep private: ask them."""

    colleagues: list[ColleagueOut]
    message: str


class PathsOut(Schema):
    paths: list[PathOut]
    colleagues_may_help: list[ColleagueHelpOut]


class PathStart(StrEnum):
    ALL = "all"
    ME = "me"


class PathOptions(Schema):
    start: PathStart = Field(PathStart.ALL, description="From everyone on staff, or only you.")
    k: int = Field(5, ge=1, le=10, description="How many paths.")
    max_hops: int = Field(4, ge=1, le=4, description="The longest chain of introductions.")


def _paths(request, options: PathOptions, **target) -> dict:
    form = submit(PathsForm(form_data(options)))
    found = introduction_paths(
        request.library,
        request.user,
        from_me=form.cleaned_data["start"] == PathStart.ME.value,
        k=form.cleaned_data["k"],
        max_hops=form.cleaned_data["max_hops"],
        **target,
    )
    return {
        "paths": [
            {
                "score": path.score,
                "hops": path.hops,
                "people": path.people,
                "links": path.links,
            }
            for path in found.paths
        ],
        "colleagues_may_help": [
            {
                "colleagues": [
                    {"id": user.pk, "name": user.display_name} for user in entry.colleagues
                ],
                "message": _colleague_message(entry.colleagues),
            }
            for entry in found.colleagues_may_help
        ],
    }


def _colleague_message(colleagues) -> str:
    return _("A colleague may be able to help: ask %(names)s.") % {
        "names": get_text_list([user.display_name for user in colleagues], _("and"))
    }


@router.get("/organizations/{organization_id}/paths", response={200: PathsOut, **REFUSALS})
@api_access(role=MEMBERS)
def organization_paths(request, organization_id: Id, options: Query[PathOptions]):
    """Who on staff can introduce the library to someone there, as you may see it: shared
    connections and yours. A better path through a colleague's private connections is only named
    as "a colleague may be able to help"."""
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    return _paths(request, options, organization=organization)


@router.get("/people/{person_id}/paths", response={200: PathsOut, **REFUSALS})
@api_access(role=MEMBERS)
def person_paths(request, person_id: Id, options: Query[PathOptions]):
    """Who on staff can introduce the library to this person, as you may see it."""
    person = get_object_or_404(Person, library=request.library, pk=person_id)
    return _paths(request, options, person=person)
