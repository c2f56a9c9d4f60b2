"""Participants' pages under /w/: type a code, join (with or without an account), the room.

Nothing here shows library data: a participant sees the session's title, its current part, the
activities and what they wrote themselves.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from allies.workshop import limits, running
from allies.workshop.access import (
    DEVICE_LINK_DAYS,
    device_key,
    participant_for,
    participant_from_device_key,
    participant_view,
    remember_participant,
)
from allies.workshop.activity_data import participant_context
from allies.workshop.models import Participant, Workshop, WorkshopStatus


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Join code"),
        max_length=30,
        help_text=gettext_lazy("The six letters and digits the trainer shows, e.g. K7M-Q2P."),
        error_messages={"required": gettext_lazy("Type the code the trainer shows.")},
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = running.clean_code(self.cleaned_data["code"])
        workshop = Workshop.objects.filter(join_code=code).first() if code else None
        if workshop is None:
            raise forms.ValidationError(
                _(
                    "No session has the code “%(code)s”. Check it against the screen: it has six "
                    "letters and digits (there is no letter O or I, and no digit 0 or 1)."
                )
                % {"code": self.cleaned_data["code"].strip()}
            )
        self.workshop = workshop
        return code


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Only the trainer sees it. Leave it empty to join without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        required=False,  # not sent: the browser's language, page by page
        help_text=gettext_lazy("The language of your pages in this session."),
    )
    with_account = forms.BooleanField(
        label=gettext_lazy("Join with my Allies account"),
        required=False,
        help_text=gettext_lazy(
            "So that you can save your worksheets into your library afterwards."
        ),
    )

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()
        if not signed_in:
            del self.fields["with_account"]
        else:
            self.fields["with_account"].initial = True


def _enter_page(request, form: CodeForm, status: int):
    return render(request, "workshop/enter.html", {"form": form}, status=status)


def enter(request):
    """/w/: type the code (a GET form, so the address can be bookmarked or shared)."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("join:join", code=form.workshop.join_code)
    return _enter_page(request, form, status=400 if form.errors else 200)


def known_code(view):
    """/w/<code>/ and /w/<code>/join/ with a code no session has (a mistyped link): the code form.

    The page answers 404, but shows the "enter a code" form with the code and why it was not found,
    instead of a bare "page not found".
    """

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        if not Workshop.objects.filter(join_code=running.clean_code(code)).exists():
            form = CodeForm({"code": code})
            form.is_valid()  # fills in the "No session has the code" message
            return _enter_page(request, form, status=404)
        return view(request, code, *args, **kwargs)

    return wrapper


@never_cache
@known_code
def join(request, code):
    workshop = get_object_or_404(Workshop, join_code=running.clean_code(code))
    if participant_for(request, workshop) is not None:
        return redirect("join:room", code=workshop.join_code)
    if workshop.status == WorkshopStatus.FINISHED:
        return render(request, "workshop/join_closed.html", {"workshop": workshop}, status=410)
    signed_in = request.user.is_authenticated
    form = JoinForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        refusal = limits.join_refusal(request, workshop)
        if refusal:
            context = {"workshop": workshop, "form": form, "refusal": refusal}
            return render(request, "workshop/join.html", context, status=429)
        participant = Participant.objects.create(
            workshop=workshop,
            display_name=form.cleaned_data["display_name"].strip(),
            language=form.cleaned_data["language"],
            user=request.user if signed_in and form.cleaned_data.get("with_account") else None,
        )
        remember_participant(request, participant)
        return redirect("join:room", code=workshop.join_code)
    return render(request, "workshop/join.html", {"workshop": workshop, "form": form})


def worksheets_url(workshop: Workshop) -> str | None:
    """The participant's worksheets page, once the activities work provides it."""
    try:
        return reverse("join:worksheets", args=[workshop.join_code])
    except NoReverseMatch:
        return None


@never_cache
@known_code
@participant_view
def room(request):
    workshop, participant = request.workshop, request.participant
    part = running.current_part(workshop)
    activities = []
    if part is not None:
        activities = [
            {"activity": activity, "data": participant_context(participant, activity.key)}
            for activity in part.activities
        ]
    context = {
        "workshop": workshop,
        "participant": participant,
        "part": part,
        "parts_count": len(workshop.agenda),
        "room_activities": activities,
        "clock": running.clock(workshop),
        "state": state_of(workshop.status, workshop.current),
        "worksheets_url": worksheets_url(workshop)
        if workshop.status == WorkshopStatus.FINISHED
        else None,
    }
    if workshop.status == WorkshopStatus.FINISHED:
        context.update(device_link(request, participant))
    return render(request, "workshop/room.html", context)


def device_link(request, participant: Participant) -> dict:
    """The participant's own link (and its QR code) to open their worksheets on another device."""
    from allies.workshop.trainer_views import join_qr_svg, public_url

    path = reverse("join:open", args=[participant.workshop.join_code, device_key(participant)])
    url = public_url(request, path)
    return {
        "device_url": url,
        "device_qr": join_qr_svg(url, scale=4),
        "device_days": DEVICE_LINK_DAYS,
    }


@never_cache
def open_elsewhere(request, code, key):
    """A participant's link opened on another device: this browser becomes theirs too."""
    workshop = get_object_or_404(Workshop, join_code=running.clean_code(code))
    participant = participant_from_device_key(workshop, key)
    if participant is None:
        context = {"workshop": workshop, "days": DEVICE_LINK_DAYS}
        return render(request, "workshop/open_expired.html", context, status=404)
    remember_participant(request, participant)
    if workshop.status == WorkshopStatus.FINISHED and worksheets_url(workshop):
        return redirect(worksheets_url(workshop))
    return redirect("join:room", code=workshop.join_code)


def state_of(status: str, current: int) -> str:
    """What a participant's page was drawn for; when it changes, the page reloads."""
    return f"{status}:{current}"


@never_cache
def now(request, code):
    """A tiny answer polled by participants' pages: the current part, nothing else."""
    row = (
        Workshop.objects.filter(join_code=running.clean_code(code))
        .values("status", "current")
        .first()
    )
    if row is None:
        return JsonResponse({"error": "no such session"}, status=404)
    return JsonResponse(
        {
            "status": row["status"],
            "current": row["current"],
            "state": state_of(row["status"], row["current"]),
        }
    )
