"""Recognition pages: draft a thank-you from a partnership's record, edit it, publish it; the
partner's consent to be listed; the public partner page's settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from allies.core.languages import in_library_language
from allies.libraries.access import MEMBERS, STAFF, STAFF_TO_CHANGE, library_view
from allies.partnerships.models import log
from allies.partnerships.shortcuts import partnership_or_404, refuse_if_archived
from allies.recognition import certificate, drafts
from allies.recognition.forms import (
    ConsentForm,
    NewRecognitionForm,
    PublicPageForm,
    RecognitionTextForm,
)
from allies.recognition.models import (
    ListingConsent,
    PublicPage,
    Recognition,
    RecognitionKind,
    RecognitionStatus,
)
from allies.recognition.public_views import public_page_context

PER_PAGE = 25


def _recognition_or_404(request, recognition_id, **filters):
    return get_object_or_404(
        Recognition.objects.select_related(
            "partnership__organization", "partnership__library", "published_by", "created_by"
        ),
        library=request.library,
        pk=recognition_id,
        **filters,
    )


def _posted(request):
    """The submitted data on POST (even when empty: an unticked box sends nothing), else None."""
    return request.POST if request.method == "POST" else None


def _detail(request, recognition):
    return redirect(
        "recognition:recognition_detail",
        library_slug=request.library.slug,
        recognition_id=recognition.pk,
    )


@library_view(role=MEMBERS)
def recognitions(request):
    found = Recognition.objects.filter(library=request.library).select_related(
        "partnership__organization", "published_by"
    )
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status in RecognitionStatus.values:
        found = found.filter(status=status)
    if kind in RecognitionKind.values:
        found = found.filter(kind=kind)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recognition/recognitions.html",
        {
            "page_obj": page,
            "status": status,
            "kind": kind,
            "statuses": RecognitionStatus.choices,
            "kinds": RecognitionKind.choices,
            "querystring_without_page": query.urlencode(),
        },
    )


@library_view(role=STAFF)
def recognition_new(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    refused = refuse_if_archived(request, partnership)
    if refused:
        return refused
    facts = drafts.facts_for(partnership)
    form = NewRecognitionForm(_posted(request), initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        recognition = Recognition.objects.create(
            library=request.library,
            partnership=partnership,
            kind=kind,
            text=drafts.draft(kind, facts),
            created_by=request.user,
        )
        messages.success(request, _("Draft written from the record. Make it yours, then save."))
        return _detail(request, recognition)
    return render(
        request,
        "recognition/recognition_new.html",
        {
            "partnership": partnership,
            "form": form,
            "did": drafts.did(facts),
            "came_of_it": drafts.came_of_it(facts),
        },
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF_TO_CHANGE)
def recognition_detail(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)
    partnership = recognition.partnership
    form = RecognitionTextForm(_posted(request), instance=recognition)
    if request.method == "POST":
        refused = refuse_if_archived(request, partnership)
        if refused:
            return refused
        if recognition.is_published:
            messages.error(request, _("It is published: its text stays as it went out."))
            return _detail(request, recognition)
        if form.is_valid():
            form.save()
            if request.POST.get("action") == "publish":
                _publish(request, recognition)
            else:
                messages.success(request, _("Draft saved."))
            return _detail(request, recognition)
    return render(
        request,
        "recognition/recognition_detail.html",
        {
            "recognition": recognition,
            "partnership": partnership,
            "form": form,
            "social_limit": drafts.SOCIAL_LIMIT,
        },
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF_TO_CHANGE)
def recognition_publish(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id)  # another library's id: 404 first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    refused = refuse_if_archived(request, recognition.partnership)
    if refused:
        return refused
    _publish(request, recognition)
    return _detail(request, recognition)


def _publish(request, recognition) -> None:
    link = reverse("recognition:recognition_detail", args=[request.library.slug, recognition.pk])
    if recognition.publish(by=request.user, link=link):
        messages.success(
            request,
            _("Published. A thank-you to %(partner)s is logged, so its thank-you reminder is done.")
            % {"partner": recognition.partnership.organization.name},
        )
    else:
        messages.info(request, _("It was already published; nothing was logged twice."))


@library_view(role=MEMBERS)
def recognition_certificate(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id, kind=RecognitionKind.CERTIFICATE)
    return render(
        request,
        "recognition/certificate.html",
        {"recognition": recognition, "certificate": certificate.of(recognition)},
    )


@library_view(role=MEMBERS)
@in_library_language
def recognition_certificate_docx(request, recognition_id):
    recognition = _recognition_or_404(request, recognition_id, kind=RecognitionKind.CERTIFICATE)
    name = f"certificate-{recognition.partnership.organization.name}"
    return certificate.docx(certificate.of(recognition), request.library, name)


@library_view(role=STAFF_TO_CHANGE)
def consent(request, partnership_id):
    partnership = partnership_or_404(request, partnership_id)
    current = ListingConsent.objects.filter(partnership=partnership).first()
    instance = current or ListingConsent(library=request.library, partnership=partnership)
    was_agreed = current.agreed if current else None
    form = ConsentForm(_posted(request), instance=instance)
    if request.method == "POST":
        refused = refuse_if_archived(request, partnership)
        if refused:
            return refused
        if form.is_valid():
            answer = form.save(commit=False)
            if answer.agreed != was_agreed:
                answer.recorded_on = timezone.localdate()
                answer.recorded_by = request.user
                summary = (
                    _("Agreed to be listed on the public partner page")
                    if answer.agreed
                    else _("Not listed on the public partner page")
                )
                log(partnership, summary, by=request.user)
            answer.save()
            messages.success(request, _("Consent saved."))
            return redirect(
                "partnerships:detail", library_slug=request.library.slug, pk=partnership.pk
            )
    page = PublicPage.objects.filter(library=request.library).first()
    return render(
        request,
        "recognition/consent.html",
        {"partnership": partnership, "form": form, "consent": current, "page": page},
        status=400 if form.errors else 200,
    )


@library_view(role=STAFF)
def public_page_settings(request):
    page = PublicPage.objects.filter(library=request.library).first()
    page = page or PublicPage(library=request.library)
    form = PublicPageForm(_posted(request), instance=page)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        if form.instance.published:
            messages.success(request, _("Saved. The partner page is published."))
        else:
            messages.success(request, _("Saved. The partner page is not published."))
        return redirect("recognition:public_page_settings", library_slug=request.library.slug)
    saved = PublicPage.objects.filter(library=request.library).first()
    consents = ListingConsent.objects.filter(library=request.library).select_related(
        "partnership__organization"
    )
    return render(
        request,
        "recognition/public_page_settings.html",
        {
            "form": form,
            "page": saved,
            "preview": public_page_context(request.library, saved),
            "not_listed": [c for c in consents if not c.agreed],
        },
        status=400 if form.errors else 200,
    )
