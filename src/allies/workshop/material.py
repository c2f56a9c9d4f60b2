"""What a workshop teaches with: the case study, examples of partnerships and tips.

The DEFAULT material tells the story of the sample library (Maple Ford Free Library, see
sample_data.py) in our own words. A trainer may keep their own versions (TrainerMaterial), e.g. for
their country; a workshop uses the version chosen for it, else the default. Both are read through
`Material`, so templates and activities never need to know where the text came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allies.workshop.models import TrainerMaterial, Workshop

DEFAULT_NAME = gettext_lazy("Standard material: Maple Ford Free Library")


@dataclass(frozen=True)
class Material:
    """The text a session shows: a case study with its potential partners, examples and tips."""

    name: str
    country: str
    case_study: str
    case_partners: list[dict]  # [{"name": ..., "description": ...}]
    examples: list[str]
    tips: list[str]
    is_default: bool = False


def lines(text: str) -> list[str]:
    """The non-empty lines of a text box, each stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def default_material() -> Material:
    """The standard case study, examples and tips, in the language of the request."""
    return Material(
        name=str(DEFAULT_NAME),
        country=_("United States (Vermont)"),
        case_study=_(
            "Maple Ford is a town of about 6,800 people in the hills of Vermont. One household in "
            "six has no internet at home, and the nearest other public computers are a 25-minute "
            "drive away. The Maple Ford Free Library has four public computers; from opening to "
            "closing they are booked, and people wait up to an hour to apply for a job or a "
            "benefit.\n\n"
            "The library's advocacy goal: fund two more public computers, with a printer budget, "
            "before the town council's spring budget review. The first year costs about $5,400. "
            "The director would like a line in the town budget, or a partner who pays for the "
            "first year while the library shows the council how much the computers are used.\n\n"
            "The council has asked every department to show what residents get for each dollar. "
            "The town manager says fewer people should have to come to the town office for help "
            "with online forms. Three organizations in town could help."
        ),
        case_partners=[
            {
                "name": _("Hearthstone Club of Maple Ford"),
                "description": _(
                    "A service club of neighbours who meet over breakfast every Tuesday and raise "
                    "money for local projects. This year the members voted to make closing the "
                    "digital gap their signature project, and they are looking for a partner to "
                    "carry it out. They want visible projects that bring in younger members, and "
                    "a room for their monthly evening meeting. Two of their members sit on the "
                    "town council's budget committee."
                ),
            },
            {
                "name": _("Three Rivers Community Foundation"),
                "description": _(
                    "Turns gifts from people who care about this corner of Vermont into grants "
                    "for local groups. Its spring grant round is for digital inclusion, with "
                    "awards of up to $8,000; letters of intent are due in March. It prefers "
                    "grantees who report results clearly and who can show that other local "
                    "funders are involved."
                ),
            },
            {
                "name": _("Copperline Networks"),
                "description": _(
                    "A rural internet provider and IT firm with forty employees. It is bringing "
                    "fibre to the east side of town this year, digging up roads as it goes, and "
                    "wants to be seen as a good neighbour. It has technicians who know the "
                    "equipment well and is looking for places to show what fast internet makes "
                    "possible."
                ),
            },
        ],
        examples=[
            _("A youth shelter and the library: weekly homework and job-application drop-ins."),
            _("A credit union teaching money basics to young adults in the library's teen room."),
            _("The weekly newspaper running a monthly column written by library staff."),
            _("A university placing students as technology tutors for seniors at the library."),
            _("A bookshop moving its crowded Saturday story time into the library."),
            _("A workforce center holding job clinics beside the public computers."),
        ],
        tips=[
            _(
                "Get to know people before you need anything: invite a possible partner for a "
                "tour or to a library event."
            ),
            _(
                "Stay open to their ideas. Ask what they need and what they hope for, and look "
                "for what the library can do for them."
            ),
            _(
                "Keep in touch without taking too much of their time, even when they are not sure "
                "yet how they could help."
            ),
            _(
                "Introduce them to partners you already have, so they can hear what working "
                "with the library is like."
            ),
            _(
                "Say thank you: a personal note, a mention at an event, and news of what their "
                "help achieved."
            ),
            _("Agree at the start on what each side will do, and write it down."),
        ],
        is_default=True,
    )


def from_trainer_material(version: TrainerMaterial) -> Material:
    return Material(
        name=version.name,
        country=version.country,
        case_study=version.case_study,
        case_partners=[dict(partner) for partner in version.case_partners or []],
        examples=lines(version.examples),
        tips=lines(version.tips),
    )


def material_for(workshop: Workshop) -> Material:
    """The material a workshop teaches with: its chosen version, else the default."""
    if workshop.material_id is not None and workshop.material is not None:
        return from_trainer_material(workshop.material)
    return default_material()


def copy_for(trainer, source: Material, name: str) -> TrainerMaterial:
    """A new version of the trainer's own, filled from `source` (the default or another of theirs)."""
    return TrainerMaterial(
        trainer=trainer,
        name=name,
        country=source.country,
        case_study=source.case_study,
        case_partners=[dict(partner) for partner in source.case_partners],
        examples="\n".join(source.examples),
        tips="\n".join(source.tips),
    )
