"""Asking a colleague for help: when an introduction path needs a colleague's private
connections, ask them (in the app and by e-mail); they see their requests and choose whether to
share what leads there, or decline."""

from __future__ import annotations

from django.contrib import messages
from django.core.mail import send_mail
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from allies.connections import forms, people
from allies.connections.models import HelpStatus, IntroductionHelpRequest
from allies.connections.views import back
from allies.core.languages import language_for
from allies.directory.models import Organization, Person
from allies.libraries.access import MEMBERS, STAFF, STAFF_TO_CHANGE, library_view
from allies.libraries.models import User


@library_view(role=STAFF_TO_CHANGE)
def ask_colleague(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    colleague = User.objects.filter(
        pk=_int(request.POST.get("colleague")), memberships__library=request.library
    ).first()
    organization = Organization.objects.filter(
        library=request.library, pk=_int(request.POST.get("organization"))
    ).first()
    person = Person.objects.filter(
        library=request.library, pk=_int(request.POST.get("person"))
    ).first()
    if colleague is None or colleague == request.user or not (organization or person):
        messages.error(
            request,
            _(
                "Choose a colleague from this library, and the organization or person you want to reach."
            ),
        )
        return back(request, "connections:help_requests")
    help_request = IntroductionHelpRequest.objects.create(
        library=request.library,
        asked_by=request.user,
        colleague=colleague,
        organization=organization,
        person=None if organization else person,
        message=request.POST.get("message", "").strip()[:2000],
    )
    _email_colleague(request, help_request)
    messages.success(
        request,
        _("%(colleague)s was asked, by e-mail and on their requests page.")
        % {"colleague": colleague.display_name},
    )
    return back(request, "connections:help_requests")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _email_colleague(request, help_request) -> None:
    link = request.build_absolute_uri(
        reverse("connections:help_requests", args=[request.library.slug])
    )
    # In the colleague's language, not the asker's.
    with translation.override(language_for(help_request.colleague, request.library)):
        body = _(
            "Hello %(colleague)s,\n\n"
            "%(asker)s is looking for an introduction to %(target)s and Allies thinks some of the "
            "connections you keep private may lead there.\n\n"
            "%(message)s"
            "You choose what to share, if anything. Answer here:\n%(link)s\n\n"
            "Allies, for %(library)s\n"
        ) % {
            "colleague": help_request.colleague.display_name,
            "asker": request.user.display_name,
            "target": help_request.target,
            "message": f"“{help_request.message}”\n\n" if help_request.message else "",
            "link": link,
            "library": request.library.name,
        }
        subject = _("%(asker)s asks for your help reaching %(target)s") % {
            "asker": request.user.display_name,
            "target": help_request.target,
        }
    send_mail(subject, body, None, [help_request.colleague.email], fail_silently=True)


@library_view(role=MEMBERS)
def help_requests(request):
    base = IntroductionHelpRequest.objects.filter(library=request.library).select_related(
        "asked_by", "colleague", "organization", "person"
    )
    return render(
        request,
        "connections/help_requests.html",
        {
            "received": base.filter(colleague=request.user),
            "sent": base.filter(asked_by=request.user),
        },
    )


@library_view(role=STAFF)
def help_request_answer(request, help_request_id):
    help_request = get_object_or_404(
        IntroductionHelpRequest,
        library=request.library,
        colleague=request.user,
        pk=help_request_id,
    )
    if help_request.status != HelpStatus.ASKED:
        messages.info(request, _("You have already answered this request."))
        return redirect("connections:help_requests", request.library.slug)
    candidates = people.help_candidates(
        request.user, request.library, people.target_people(help_request)
    )
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        help_request.answer_with(
            share=form.cleaned_data["decision"] == "share",
            connections=form.cleaned_data["connections"],
            answer=form.cleaned_data["answer"],
        )
        messages.success(
            request,
            _("Your answer was sent to %(asker)s.") % {"asker": help_request.asked_by.display_name},
        )
        return redirect("connections:help_requests", request.library.slug)
    return render(
        request,
        "connections/help_request_answer.html",
        {"help_request": help_request, "form": form, "candidates": candidates},
    )
