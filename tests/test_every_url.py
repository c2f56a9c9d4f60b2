"""Walk every URL of a library: it renders for its owner and is 404 for a member of another library.

The walk fills URL arguments from one record of each kind, by argument name. A new URL whose argument
this walk does not know fails the test, so that the 404 guarantee covers it too.
"""

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from allies.directory import models as directory_models
from allies.directory.models import Affiliation, Audience, Organization, Person, Resource
from allies.goals.models import Goal
from allies.partnerships.models import Partnership

# URL names that only accept POST, or that answer with a redirect or a download by design.
POST_ONLY = set()


def library_patterns(resolver=None, prefix="", namespace=""):
    """Yield (full route, URL name) for every pattern under /l/<library_slug>/."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from library_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            if route.startswith("l/<slug:library_slug>/"):
                yield route, f"{namespace}:{entry.name}" if namespace else entry.name


@pytest.fixture
def records(library, staff, owner):
    organization = Organization.objects.create(library=library, name="Riverton Rotary Club")
    person = Person.objects.create(library=library, name="Dana Reyes")
    affiliation = Affiliation.objects.create(person=person, organization=organization, role="Chair")
    partnership = Partnership.objects.create(library=library, organization=organization)
    goal = Goal.objects.create(library=library, statement="Two more public computers")
    audience = Audience.objects.filter(library=library).first()
    resource = Resource.objects.filter(library=library).first()
    batch = None
    if hasattr(directory_models, "ImportBatch"):
        # A file with a row to fix, so that its preview and its rows-to-fix download render.
        batch = directory_models.ImportBatch.objects.create(
            library=library, created_by=staff, filename="partners.csv", kind="organizations",
            file_format="csv", data=b"Name,ZIP\nRotary,0560\n", mapping=["name", "zip_code"],
        )  # fmt: skip
    branch = library.branches.create(name="East Branch")
    membership = staff.memberships.get(library=library)
    invitation = library.invitations.create(email="new@riverton.example", invited_by=staff)
    connections = _connection_records(library, owner, staff, person, organization)
    from allies.outreach.models import Pitch

    pitch = Pitch.save_version(
        partnership,
        by=owner,
        text="Hello",
        benefits_to_library="a",
        benefits_to_partner="b",
        benefits_to_community="c",
    )
    return {
        "organization": organization,
        "person": person,
        # The second record of a merge.
        "other_organization": Organization.objects.create(library=library, name="Riverton Lions"),
        "other_person": Person.objects.create(library=library, name="Sam Ortiz"),
        "affiliation": affiliation,
        "partnership": partnership,
        "goal": goal,
        "audience": audience,
        "resource": resource,
        "batch": batch,
        "import": batch,
        "branch": branch,
        "membership": membership,
        "member": membership,
        "invitation": invitation,
        "pitch": pitch,
        # organization_suggestion/<decision>/: confirm or reject a suggested audience
        "decision": SimpleNamespace(pk="confirm"),
        **_outreach_records(library, owner, partnership, person, organization),
        **_stewardship_records(library, owner, partnership, person),
        **_workbook_records(library, owner, partnership, goal),
        **_recognition_records(library, owner, partnership),
        **_report_records(library, owner, partnership),
        **_impact_records(library, owner, partnership),
        **_workshop_records(library, owner),
        **_api_records(library, owner),
        **connections,  # last: "connection" is in every connections:* URL name
    }


def _workbook_records(library, owner, partnership, goal) -> dict:
    """Records for the action plan workbook's URLs (planning): <plan_id>, <plan_item_id>."""
    from allies.planning.models import ActionPlan, PlanItem

    plan = ActionPlan.objects.create(library=library, goal=goal)
    item = PlanItem.objects.create(
        plan=plan, kind="opportunity", partnership=partnership, what="Ask for a meeting"
    )
    return {"plan": plan, "plan_item": item}


def _recognition_records(library, owner, partnership) -> dict:
    """Records for recognition drafts and the public partner page: <recognition_id>."""
    from allies.recognition.models import Recognition

    certificate = Recognition.objects.create(
        library=library,
        partnership=partnership,
        kind="certificate",
        text="Thank you",
        created_by=owner,
    )
    return {"recognition": certificate}


def _report_records(library, owner, partnership) -> dict:
    """Records for the dashboard and the annual report."""
    return {}


def _impact_records(library, owner, partnership) -> dict:
    """Records for a partner's impact report."""
    return {}


def _workshop_records(library, owner) -> dict:
    """Records for the workshop's trainer pages: <workshop_id>, <material_id> (the owner's own)."""
    from allies.workshop.models import TrainerMaterial, Workshop

    material = TrainerMaterial.objects.create(trainer=owner, name="Kenya", case_study="A town")
    workshop = Workshop.objects.create(
        library=library, trainer=owner, title="Partnerships", material=material
    )
    return {"workshop": workshop, "material": material}


def _api_records(library, owner) -> dict:
    """The owner's API token: <token_id>."""
    from allies.api.models import ApiToken

    token, _secret = ApiToken.issue(library=library, user=owner, name="Sync", can_write=False)
    return {"token": token}


def _outreach_records(library, owner, partnership, person, organization):
    """One of each outreach record; URLs name them <introduction_id>, <step_id>, <pilot_id>..."""
    import datetime

    from allies.outreach.models import (
        ApproachStep,
        CommunityEvent,
        IntroductionRequest,
        Pilot,
        SupportOffer,
    )

    day = datetime.date(2026, 3, 1)
    event = CommunityEvent.objects.create(
        library=library, title="Harvest fair", organizer=organization, starts_on=day
    )
    offer = SupportOffer.objects.create(
        library=library, event=event, offer="A story tent", offered_by=owner
    )
    return {
        "introduction": IntroductionRequest.objects.create(
            library=library, partnership=partnership, connector=person, message="Hello"
        ),
        "step": ApproachStep.objects.create(
            library=library, partnership=partnership, title="Visit their fair"
        ),
        "pilot": Pilot.objects.create(
            library=library,
            partnership=partnership,
            title="Story tent",
            starts_on=day,
            ends_on=day,
            library_does="Stories",
            partner_does="Space",
            success_looks_like="Fifty children",
        ),
        "event": event,
        "offer": offer,
    }


def _stewardship_records(library, owner, partnership, person):
    """URLs name them <contact_id>, <commitment_id>, <library_event_id>, <feed_id>,
    <reminder_decision_id>."""
    import datetime

    from allies.partnerships.models import Commitment
    from allies.stewardship.models import CalendarFeed, Contact, LibraryEvent, ReminderDecision

    day = datetime.date(2026, 3, 1)
    contact = Contact.objects.create(
        library=library, partnership=partnership, person=person, kind="call", logged_by=owner
    )
    return {
        "contact": contact,
        # reminders/done/<reminder_decision_id>/: the confirmation of a "Done", with Undo
        "reminder_decision": ReminderDecision.objects.create(
            library=library,
            key=f"keep:partnership:{partnership.pk}",
            kind="keep_in_touch",
            partnership=partnership,
            action="done",
            contact=contact,
            decided_by=owner,
        ),
        "commitment": Commitment.objects.create(
            library=library, partnership=partnership, owed_by="partner", what="Prizes", due_on=day
        ),
        "library_event": LibraryEvent.objects.create(
            library=library, title="New teen room opening", starts_on=day
        ),
        "feed": CalendarFeed.objects.create(library=library, user=owner),
    }


def _connection_records(library, owner, staff, person, organization):
    """A connection, a help request and a contact import the owner may open."""
    from allies.connections.models import Connection, ContactImport, IntroductionHelpRequest
    from allies.connections.people import person_for

    connection, _ = Connection.record(
        library=library,
        one=person_for(owner, library),
        other=person,
        recorded_by=owner,
        kind="friend",
    )
    return {
        "connection": connection,
        "help_request": IntroductionHelpRequest.objects.create(
            library=library, asked_by=staff, colleague=owner, organization=organization
        ),
        "contact_import": ContactImport.objects.create(
            library=library, created_by=owner, filename="me.vcf", file_format="vcard"
        ),
    }


def fill(route, name, records):
    """Build the path of `route` with ids of this library's records."""
    import re

    path = route
    for converter, arg in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        if arg == "library_slug":
            value = "riverton"
        else:
            key = arg.removesuffix("_id").removesuffix("_pk")
            if key in ("pk", "id"):
                key = next((k for k in records if k in name), None)
            if key not in records or records[key] is None:
                raise AssertionError(f"The URL walk does not know the argument {arg!r} of {name}")
            value = records[key].pk
        pattern = f"<{converter}:{arg}>" if converter else f"<{arg}>"
        path = path.replace(pattern, str(value))
    return "/" + path


def all_library_urls(records):
    return [(name, fill(route, name, records)) for route, name in library_patterns()]


@pytest.mark.django_db
def test_the_walk_finds_the_main_pages(records):
    names = {name for name, _ in all_library_urls(records)}
    assert {"today", "directory:organizations", "partnerships:list", "goals:goals"} <= names


@pytest.mark.django_db
def test_every_library_url_renders_for_an_owner(owner_client, records):
    failures = []
    for name, path in all_library_urls(records):
        if name in POST_ONLY:
            continue
        response = owner_client.get(path)
        if response.status_code not in (200, 302, 405):
            failures.append(f"{name} {path} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_library_url_is_404_for_another_library(outsider_client, records):
    failures = []
    for name, path in all_library_urls(records):
        for method in (outsider_client.get, outsider_client.post):
            status = method(path).status_code
            if status != 404:
                failures.append(f"{method.__name__.upper()} {name} {path} -> {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_library_url_sends_anonymous_people_to_sign_in(client, records):
    for name, path in all_library_urls(records):
        response = client.get(path)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name
