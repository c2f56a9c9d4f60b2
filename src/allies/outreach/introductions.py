"""Introduction requests: whom to ask on a path, the drafted message, and the steps that follow.

A path runs from a staff member to someone at the organization. When it starts with a colleague,
we ask that colleague; when it starts with the person asking, we ask the contact outside the library
who comes next. A path the viewer may ask through is always one `introduction_paths` shows them,
so nobody can be asked through another member's private links.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from allies.connections.paths import (
    MAX_K,
    IntroductionPath,
    IntroductionPaths,
    PathPerson,
    introduction_paths,
    my_people,
)
from allies.outreach.models import IntroductionRequest, IntroductionStatus
from allies.partnerships.models import Stage, log

SHOWN = 5
DAY = "DATE_FORMAT"  # as the pages show dates, in the reader's language

# Where each status may go next. Met and Declined are the end of an introduction.
NEXT_STEPS = {
    IntroductionStatus.ASKED: [
        IntroductionStatus.INTRODUCED,
        IntroductionStatus.MET,
        IntroductionStatus.DECLINED,
    ],
    IntroductionStatus.INTRODUCED: [IntroductionStatus.MET, IntroductionStatus.DECLINED],
    IntroductionStatus.MET: [],
    IntroductionStatus.DECLINED: [],
}
OPEN_STATUSES = [IntroductionStatus.ASKED, IntroductionStatus.INTRODUCED]
DATE_FIELDS = {
    IntroductionStatus.INTRODUCED: "introduced_on",
    IntroductionStatus.MET: "met_on",
    IntroductionStatus.DECLINED: "declined_on",
}


@dataclass(frozen=True)
class PathChoice:
    """One path the viewer may ask through, with the person to ask (None: they know the target)."""

    path: IntroductionPath
    connector: PathPerson | None
    starts_with_me: bool

    @property
    def key(self) -> str:
        return path_key(self.path)

    @property
    def target(self) -> PathPerson:
        return self.path.people[-1]

    @property
    def between(self) -> list[PathPerson]:
        """The people after the connector and before the target."""
        if self.connector is None:
            return []
        start = self.path.people.index(self.connector) + 1
        return list(self.path.people[start:-1])

    @property
    def names(self) -> str:
        return " → ".join(person.name for person in self.path.people)


def path_key(path: IntroductionPath) -> str:
    return "-".join(str(person.id) for person in path.people)


def choice_for(path: IntroductionPath, mine: set[int]) -> PathChoice:
    first = path.people[0]
    if first.id not in mine:
        return PathChoice(path=path, connector=first, starts_with_me=False)
    if path.hops == 1:
        return PathChoice(path=path, connector=None, starts_with_me=True)
    return PathChoice(path=path, connector=path.people[1], starts_with_me=True)


def path_choices(
    library, user, organization, *, k: int = SHOWN
) -> tuple[list[PathChoice], IntroductionPaths]:
    """The best paths to the organization the viewer may ask through, best first.

    The viewer's own paths are looked for separately as well, so that a colleague's stronger
    paths do not hide the ones that start with the viewer. A chain of the viewer's that passes
    through another staff member is left out: that colleague's own path is the one to use.
    """
    mine = set(my_people(library, user))
    found = introduction_paths(library, user, organization=organization, k=k)
    paths = list(found.paths)
    if mine:
        own = introduction_paths(library, user, organization=organization, from_me=True, k=k)
        paths += [
            path for path in own.paths if not any(person.is_staff for person in path.people[1:-1])
        ]
    seen: set[str] = set()
    choices = []
    for path in sorted(paths, key=lambda path: -path.score):
        key = path_key(path)
        if key not in seen:
            seen.add(key)
            choices.append(choice_for(path, mine))
    return choices, found


def find_choice(library, user, organization, key: str) -> PathChoice | None:
    """The path named by `key` if the viewer may ask through it now, else None.

    Looked for among more paths than the page shows, so that a new connection recorded meanwhile
    does not push the chosen path out.
    """
    if not key:
        return None
    choices, _found = path_choices(library, user, organization, k=MAX_K)
    return next(
        (choice for choice in choices if choice.key == key and choice.connector is not None), None
    )


def reason_for(partnership) -> str:
    """Why the library wants to meet them: the benefits if recorded, else the latest pitch."""
    parts = []
    if partnership.benefits_to_partner.strip():
        parts.append(
            _("What they could gain: %(benefits)s")
            % {"benefits": partnership.benefits_to_partner.strip()}
        )
    if partnership.benefits_to_community.strip():
        parts.append(
            _("What the community could gain: %(benefits)s")
            % {"benefits": partnership.benefits_to_community.strip()}
        )
    if parts:
        return "\n".join(parts)
    pitch = partnership.pitches.order_by("-version").first()
    if pitch is not None and pitch.text.strip():
        return _("Here is what we would like to tell them:") + "\n\n" + pitch.text.strip()
    return _(
        "We would like to learn about their work and see whether the library could help with it."
    )


def draft_message(choice: PathChoice, partnership, *, sender: str) -> str:
    """A first message to the connector, in plain words, for the asker to rewrite as they like."""
    organization = partnership.organization.name
    target = choice.target
    if target.role and target.role != organization:
        who = _("%(name)s (%(role)s at %(organization)s)") % {
            "name": target.name,
            "role": target.role,
            "organization": organization,
        }
    else:
        who = _("%(name)s at %(organization)s") % {
            "name": target.name,
            "organization": organization,
        }
    if choice.between:
        ask = _(
            "Would you help me meet %(who)s? As far as I can tell, the way there goes through "
            "%(between)s."
        ) % {"who": who, "between": ", ".join(person.name for person in choice.between)}
    else:
        ask = _("Would you be willing to introduce me to %(who)s?") % {"who": who}
    lines = [
        _("Hello %(name)s,") % {"name": choice.connector.name},
        "",
        ask,
        "",
        reason_for(partnership),
        "",
        _(
            "A short e-mail to both of us would be perfect, or tell me how you would rather do it. "
            "If it is not a good moment, no problem at all."
        ),
        "",
        _("Thank you,"),
        sender,
        partnership.library.name,
    ]
    return "\n".join(lines)


@transaction.atomic
def ask(partnership, choice: PathChoice, connector, target, *, message: str, asked_on, by, link):
    """Save the request as Asked, write it on the timeline; a prospect moves to Reaching out.

    `link` builds the request's URL from the saved request (the timeline line points there).
    """
    request = IntroductionRequest.objects.create(
        library_id=partnership.library_id,
        partnership=partnership,
        asked_by=by,
        connector=connector,
        target=target,
        path_names=choice.names[:500],
        message=message,
        asked_on=asked_on,
        private=choice.path.uses_private,
    )
    if request.private:
        # The timeline is read by every colleague: it must not name a private contact.
        summary = _("Asked a personal contact for an introduction to %(organization)s") % {
            "organization": partnership.organization.name
        }
        log(partnership, summary, by=by)
    else:
        summary = _("Asked %(connector)s for an introduction to %(target)s") % {
            "connector": connector.name,
            "target": target.name,
        }
        log(partnership, summary, by=by, detail=message, link=link(request))
    if partnership.stage == Stage.PROSPECT:
        partnership.move_to(Stage.REACHING_OUT, by=by, reason=summary)
    return request


def target_name(request: IntroductionRequest) -> str:
    if request.target_id:
        return request.target.name
    names = request.path_names.split(" → ")
    return names[-1] if len(names) > 1 else _("someone there")


def step_summary(request: IntroductionRequest, step: str, day: datetime.date) -> str:
    if request.private:
        return _("An introduction through a personal contact: %(status)s on %(date)s") % {
            "status": IntroductionStatus(step).label.lower(),
            "date": date_format(day, DAY),
        }
    values = {
        "connector": request.connector.name,
        "target": target_name(request),
        "date": date_format(day, DAY),
    }
    if step == IntroductionStatus.INTRODUCED:
        return _("%(connector)s introduced us to %(target)s on %(date)s") % values
    if step == IntroductionStatus.MET:
        return _("Met %(target)s on %(date)s, introduced by %(connector)s") % values
    return _("The introduction to %(target)s through %(connector)s was declined on %(date)s") % (
        values
    )


def latest_date(request: IntroductionRequest) -> datetime.date:
    """The date of the last step recorded; the next step cannot come before it."""
    days = [request.asked_on, request.introduced_on]
    return max(day for day in days if day is not None)


@transaction.atomic
def record_step(request: IntroductionRequest, step: str, day, note: str, *, by, link: str) -> bool:
    """Move the request to `step` on `day`, keep the note, write the timeline line.

    Returns False (and changes nothing) when someone else recorded a step meanwhile.
    """
    if step not in NEXT_STEPS[request.status]:
        return False
    note_line = ""
    if note.strip():
        note_line = f"{IntroductionStatus(step).label}, {date_format(day, DAY)}: {note.strip()}"
    new_note = "\n".join(part for part in (request.note, note_line) if part)
    changed = IntroductionRequest.objects.filter(pk=request.pk, status=request.status).update(
        status=step, note=new_note, updated_at=timezone.now(), **{DATE_FIELDS[step]: day}
    )
    if not changed:
        return False
    request.status, request.note = step, new_note
    setattr(request, DATE_FIELDS[step], day)
    if request.private:
        log(request.partnership, step_summary(request, step, day), by=by)
    else:
        log(request.partnership, step_summary(request, step, day), by=by, detail=note, link=link)
    return True
