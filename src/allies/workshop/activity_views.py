"""A participant's answers to the activities: one POST address per activity.

With htmx the answer comes back as the activity's participant template, re-rendered in place; without
JavaScript the browser is sent back to the room (or, when something needs correcting, shown the
activity alone with the errors, so nothing typed is lost). An activity takes answers only once the
trainer has reached its part, and no longer once the session has finished.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.workshop import activity_forms, limits
from allies.workshop.access import participant_view
from allies.workshop.activities import BY_KEY
from allies.workshop.activity_data import participant_context, refusal
from allies.workshop.material import material_for
from allies.workshop.models import Contribution, Feedback, GroupAnswer, Participant

MAX_ENTRIES = 40  # benefits board entries per participant: plenty for 15 minutes, no flooding


@require_POST
@participant_view
def activity(request, key):
    if key not in BY_KEY:
        raise Http404("No such activity")
    workshop, participant = request.workshop, request.participant
    why_not = refusal(workshop, key)
    form = None
    if why_not:
        if not request.htmx:
            messages.error(request, why_not)
    else:
        form = SAVE[key](request, participant)
    if request.htmx or form is not None:
        return render(
            request,
            BY_KEY[key].participant_template if request.htmx else "workshop/activities/page.html",
            {
                "activity": BY_KEY[key],
                "workshop": workshop,
                "participant": participant,
                "data": participant_context(participant, key, form),
            },
            status=200 if request.htmx else 400,
        )
    return redirect("join:room", code=workshop.join_code)


# Each saver returns None when the answer was saved, else the bound form with its errors.


def _save_benefit(request, participant):
    remove = request.POST.get("remove", "")
    if remove:
        if remove.isdecimal():
            participant.contributions.filter(activity="benefits_board", pk=int(remove)).delete()
        return None
    form = activity_forms.BenefitEntryForm(request.POST)
    if not form.is_valid():
        return form
    if participant.contributions.filter(activity="benefits_board").count() >= MAX_ENTRIES:
        limits.count_refused(participant.workshop, "refused_entries")
        form.add_error(
            None,
            _("You have added %(count)s entries, the most one person can; remove one first.")
            % {"count": MAX_ENTRIES},
        )
        return form
    if limits.session_full_of_entries(participant.workshop):
        limits.count_refused(participant.workshop, "refused_entries")
        form.add_error(
            None,
            _("The room has written all this session can hold; thank you. Tell the trainer aloud."),
        )
        return form
    Contribution.objects.create(
        workshop=participant.workshop,
        participant=participant,
        activity="benefits_board",
        data=form.data_for_storage(),
    )
    return None


def _save_single(key: str):
    """Keep one answer per participant for the activity, replaced by each save."""

    def save(request, participant):
        form = activity_forms.FORMS[key](request.POST)
        if not form.is_valid():
            return form
        data = form.data_for_storage()
        with transaction.atomic():
            # One row per participant even when two saves cross (a double tap): the second waits.
            Participant.objects.select_for_update().filter(pk=participant.pk).first()
            updated = participant.contributions.filter(activity=key).update(data=data)
            if not updated:
                Contribution.objects.create(
                    workshop=participant.workshop, participant=participant, activity=key, data=data
                )
        return None

    return save


def _save_case_study(request, participant):
    if participant.group is None:
        return None  # the template says to wait for the trainer to form the groups
    partners = [partner["name"] for partner in material_for(participant.workshop).case_partners]
    form = activity_forms.CaseStudyForm(request.POST, partners=partners)
    if not form.is_valid():
        return form
    # Last write wins: any member of the group may edit the group's shared answer.
    GroupAnswer.objects.update_or_create(
        workshop=participant.workshop,
        group=participant.group,
        defaults={"data": form.data_for_storage()},
    )
    return None


def _save_feedback(request, participant):
    form = activity_forms.FeedbackForm(request.POST)
    if participant.gave_feedback:
        return None
    if not form.is_valid():
        return form
    with transaction.atomic():
        first_time = Participant.objects.filter(pk=participant.pk, gave_feedback=False).update(
            gave_feedback=True
        )
        if first_time:  # the feedback row carries no link to the participant, by design
            Feedback.objects.create(workshop=participant.workshop, data=form.data_for_storage())
    participant.gave_feedback = True
    return None


def _nothing_to_save(request, participant):
    return None


SAVE = {
    "benefits_board": _save_benefit,
    "connection_tree": _save_single("connection_tree"),
    "key_questions": _save_single("key_questions"),
    "case_study": _save_case_study,
    "survey": _save_single("survey"),
    "planning": _save_single("planning"),
    "handout": _nothing_to_save,
    "feedback": _save_feedback,
}
