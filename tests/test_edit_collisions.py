"""No lost update: every form that edits a record checks the version it loaded, and the write itself
(`UPDATE ... WHERE updated_at = loaded`) refuses when the record moved after that check."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

import allies
from allies.core.concurrency import VERSION_FIELD, EditCollision, EditConflictMixin
from allies.directory.models import Organization
from allies.libraries.forms import BranchForm, LibraryProfileForm
from allies.libraries.models import Branch, Library
from allies.outreach.event_forms import CommunityEventForm
from allies.outreach.models import CommunityEvent, Pilot
from allies.outreach.pilot_forms import PilotForm, PilotReviewForm
from allies.partnerships.commitment_forms import CommitmentForm
from allies.partnerships.models import Commitment, Partnership
from allies.stewardship.log_forms import ContactForm, LibraryEventForm
from allies.stewardship.models import Contact, LibraryEvent

# ModelForms that only ever make a new record (or, for AffiliationEndForm, a one-way act whose
# second occurrence changes nothing that matters), with why they need no version.
NOT_EDITING = {
    "TokenForm": "a token is made, shown once and revoked; never edited",
    "InvitationForm": "an invitation is sent, never edited",
    "AffiliationForm": "adds an affiliation",
    "AffiliationEndForm": "ends an affiliation: one-way, the same whoever does it",
    "SupportOfferForm": "each offer of support is a new record",
    "PitchForm": "each save of a pitch is a new version",
    "StepForm": "adds a step to an introduction",
    "VocabularyForm": "adds a word to a vocabulary",
    "ProfileForm": "only the member edits their own name and language (User has no version)",
}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def all_model_forms():
    for module in pkgutil.walk_packages(allies.__path__, "allies."):
        if "forms" in module.name.rsplit(".", 1)[-1]:
            importlib.import_module(module.name)
    return sorted(
        {f for f in _subclasses(forms.ModelForm) if f.__module__.startswith("allies.")},
        key=lambda f: (f.__module__, f.__name__),
    )


def test_every_model_form_that_edits_checks_the_version():
    missing = []
    for form in all_model_forms():
        if form.__name__ in NOT_EDITING:
            continue
        if not issubclass(form, EditConflictMixin):
            missing.append(f"{form.__module__}.{form.__name__}")
            continue
        model = form._meta.model
        attribute = form.version_attribute
        assert any(f.name == attribute for f in model._meta.get_fields()), (form, attribute)
    assert missing == [], "edit forms without EditConflictMixin (allies/core/concurrency.py)"


def _posted(form) -> MultiValueDict:
    """What a browser would send back for an unchanged form."""
    data = MultiValueDict()
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value])
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    return data


@pytest.fixture
def records(library, owner):
    today = timezone.localdate()
    organization = Organization.objects.create(library=library, name="Lantern House")
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage="active", lead=owner
    )
    return {
        "library": library,
        "branch": Branch.objects.create(library=library, name="North"),
        "commitment": Commitment.objects.create(
            library=library, partnership=partnership, owed_by="library", what="A room",
            due_on=today + datetime.timedelta(days=10),
        ),
        "pilot": Pilot.objects.create(
            library=library, partnership=partnership, kind="one_off", title="Homework club",
            starts_on=today, ends_on=today + datetime.timedelta(days=30), library_does="Room",
            partner_does="Tutors", success_looks_like="Twenty teens",
        ),
        "reviewed_pilot": Pilot.objects.create(
            library=library, partnership=partnership, kind="one_off", title="Story time",
            starts_on=today, ends_on=today, library_does="Room", partner_does="Readers",
            success_looks_like="Ten families", decision="continue",
        ),
        "community_event": CommunityEvent.objects.create(
            library=library, title="Fair", starts_on=today + datetime.timedelta(days=5),
            organizer=organization,
        ),
        "library_event": LibraryEvent.objects.create(
            library=library, title="Opening", starts_on=today + datetime.timedelta(days=5)
        ),
        "contact": Contact.objects.create(
            library=library, partnership=partnership, kind="chat", happened_on=today, note="Hi"
        ),
    }  # fmt: skip


CASES = [
    ("library", LibraryProfileForm, {}),
    ("branch", BranchForm, {}),
    ("commitment", CommitmentForm, {"editing": True}),
    ("pilot", PilotForm, {}),
    ("reviewed_pilot", PilotReviewForm, {}),
    ("community_event", CommunityEventForm, {"library": True}),
    ("library_event", LibraryEventForm, {"library": True}),
    ("contact", ContactForm, {"library": True}),
]


def _form(form_class, instance, kwargs, data=None):
    kwargs = {
        k: (instance.library if v is True and k == "library" else v) for k, v in kwargs.items()
    }
    if "library" in kwargs and isinstance(instance, Library):
        kwargs["library"] = instance
    return form_class(data, instance=instance, **kwargs)


@pytest.mark.parametrize(("key", "form_class", "kwargs"), CASES)
def test_a_save_that_lost_the_race_writes_nothing(records, key, form_class, kwargs):
    instance = records[key]
    model = type(instance)
    data = _posted(_form(form_class, instance, kwargs))
    assert data[VERSION_FIELD]
    # Two people loaded the same version; both forms pass their check.
    first = _form(form_class, model.objects.get(pk=instance.pk), kwargs, data.copy())
    second = _form(form_class, model.objects.get(pk=instance.pk), kwargs, data.copy())
    assert first.is_valid(), first.errors
    assert second.is_valid(), second.errors
    first.save()
    saved = model.objects.get(pk=instance.pk).updated_at
    with pytest.raises(EditCollision):
        second.save()
    assert model.objects.get(pk=instance.pk).updated_at == saved


@pytest.mark.parametrize(("key", "form_class", "kwargs"), CASES)
def test_a_stale_form_is_refused_before_the_write(records, key, form_class, kwargs):
    instance = records[key]
    model = type(instance)
    data = _posted(_form(form_class, instance, kwargs))
    model.objects.get(pk=instance.pk).save()  # someone else saves
    form = _form(form_class, model.objects.get(pk=instance.pk), kwargs, data)
    assert not form.is_valid()
    assert "Someone else saved this" in str(form.non_field_errors())


@pytest.mark.django_db
def test_the_library_settings_page_carries_the_version_and_refuses_a_stale_save(
    owner_client, library
):
    url = reverse("libraries:settings_edit", args=["riverton"])
    page = owner_client.get(url).content.decode()
    assert f'name="{VERSION_FIELD}"' in page
    stale = {"name": "Riverton Library", VERSION_FIELD: "2000-01-01T00:00:00+00:00"}
    response = owner_client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    library.refresh_from_db()
    assert library.name == "Riverton Public Library"
