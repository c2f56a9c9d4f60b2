"""The key questions for a candidate, and the library's fit weights."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from allies.connections.paths import introduction_paths
from allies.directory.models import Organization
from allies.libraries.access import OWNERS_TO_CHANGE, STAFF_TO_CHANGE, library_view
from allies.matching.explain import path_sentence
from allies.matching.forms import AnswersForm, FitWeightsForm
from allies.matching.models import QUESTIONS, Answer, FitWeights
from allies.matching.scoring import DEFAULT_WEIGHTS, PARTS


def introduction_suggestion(library, user, organization) -> str:
    """The best introduction path the user may see, as a sentence ('' when there is none)."""
    found = introduction_paths(library, user, organization=organization, k=1)
    if not found.paths:
        if found.colleagues_may_help:
            names = ", ".join(user.display_name for user in found.colleagues_may_help[0].colleagues)
            return _("A colleague may be able to help: ask %(names)s.") % {"names": names}
        return ""
    return path_sentence([person.name for person in found.paths[0].people])


def questions_page(request, organization, goal=None, *, back_url: str, action_url: str):
    """The key questions worksheet for one organization, in general or for one goal.

    Shared by `questions` below and the goal-specific view in planning (which loads the goal).
    """
    answers = {
        answer.question: answer
        for answer in Answer.objects.filter(organization=organization, goal=goal).select_related(
            "updated_by"
        )
    }
    suggestion = introduction_suggestion(request.library, request.user, organization)
    initial = {}
    if "introduction" not in answers and suggestion:
        initial["introduction_text"] = suggestion
    form = AnswersForm(request.POST or None, answers=answers, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = form.save(
            library=request.library, organization=organization, goal=goal, user=request.user
        )
        if changed:
            messages.success(request, _("Answers saved."))
        else:
            messages.info(request, _("Nothing had changed."))
        return redirect(action_url)
    rows = [
        {
            "question": question,
            "answer": answers.get(question.code),
            "text": form[f"{question.code}_text"],
            "rating": form[f"{question.code}_rating"] if question.rated else None,
        }
        for question in QUESTIONS
    ]
    missing = [row["question"] for row in rows if row["answer"] is None]
    template = (
        "matching/questions_print.html" if request.GET.get("print") else ("matching/questions.html")
    )
    return render(
        request,
        template,
        {
            "organization": organization,
            "goal": goal,
            "form": form,
            "rows": rows,
            "missing": missing,
            "answered": len(QUESTIONS) - len(missing),
            "total": len(QUESTIONS),
            "suggestion": suggestion,
            "back_url": back_url,
            "action_url": action_url,
        },
    )


@library_view(role=STAFF_TO_CHANGE)
def questions(request, organization_id):
    organization = get_object_or_404(Organization, library=request.library, pk=organization_id)
    slug = request.library.slug
    return questions_page(
        request,
        organization,
        back_url=reverse("directory:organization", args=[slug, organization.pk]),
        action_url=reverse("matching:questions", args=[slug, organization.pk]),
    )


@library_view(role=OWNERS_TO_CHANGE)
def weights(request):
    """Everyone sees the weights; only an owner changes them."""
    instance = FitWeights.objects.filter(library=request.library).first() or FitWeights(
        library=request.library
    )
    can_change = request.membership.is_owner
    if request.method == "POST" and "recommended" in request.POST:
        # Back to the recommended weights: the library then follows them, as they improve. The
        # message says which of the library's own differed, so nothing is lost to a slip.
        message = _("The recommended weights are back. Rankings now use them.")
        differing = [
            f"{FitWeights._meta.get_field(part).verbose_name} {getattr(instance, part):g}"
            for part in PARTS
            if instance.pk is not None and getattr(instance, part) != DEFAULT_WEIGHTS[part]
        ]
        if differing:
            message = _(
                "The recommended weights are back. Rankings now use them. Your own differed "
                "in: %(weights)s."
            ) % {"weights": ", ".join(differing)}
        if instance.pk is not None:
            instance.delete()
        messages.success(request, message)
        return redirect("matching:weights", library_slug=request.library.slug)
    form = FitWeightsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Weights saved. Rankings now use them."))
        return redirect("matching:weights", library_slug=request.library.slug)
    return render(
        request,
        "matching/weights.html",
        {
            "form": form,
            "weights": instance,
            "can_change": can_change,
            "own_weights": instance.pk is not None,
        },
    )
