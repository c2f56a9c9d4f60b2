"""The activities of the session, in the parts they belong to.

Each activity names the templates that show it to a participant (a form) and to the trainer (what the
room has contributed, refreshed live). The views look activities up here, so adding one is adding an
entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from allies.workshop.models import Part


@dataclass(frozen=True)
class Activity:
    key: str
    part: str
    title: str

    @property
    def participant_template(self) -> str:
        return f"workshop/activities/{self.key}_participant.html"

    @property
    def trainer_template(self) -> str:
        return f"workshop/activities/{self.key}_trainer.html"


ACTIVITIES = [
    Activity("benefits_board", Part.BENEFITS, _("Benefits board")),
    Activity("connection_tree", Part.IDENTIFY, _("Connection tree")),
    Activity("key_questions", Part.IDENTIFY, _("Key partnership questions")),
    Activity("case_study", Part.IDENTIFY, _("Case study")),
    Activity("survey", Part.SUSTAIN, _("Partnership assessment survey")),
    Activity("planning", Part.PLANNING, _("Partnership planning questions")),
    Activity("handout", Part.CLOSING, _("Reminders and tips")),
    Activity("feedback", Part.CLOSING, _("Feedback (anonymous)")),
]
BY_KEY = {activity.key: activity for activity in ACTIVITIES}


def activities_of(part: str) -> list[Activity]:
    return [activity for activity in ACTIVITIES if activity.part == part]
