"""Merging two organizations (or two people) into one.

The survivor takes, field by field, the value staff chose (by default a filled field beats an
empty one, and the survivor's own value wins when both are filled); everything that pointed at
the other record moves to the survivor. What points at them is found through Django's
`_meta.related_objects`, so an app added later is covered without touching this module:

- a row whose move would break one of its model's unique constraints (an answer to the same
  question, a fit mark for the same goal, a listing consent) is a twin of one the survivor has:
  the survivor's is kept and the other one removed;
- an app that needs another rule registers a resolver for its model with `register_resolver`
  (partnerships do: two open partnerships with the same organization are merged or kept apart
  as staff say).

Everything happens in one transaction; both records' history says so (the survivor "changed",
with the reason, the other "deleted", with the reason), and a `MergedRecord` sends the other's
old address to the survivor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction

from allies.directory.models import MergedRecord, NotDuplicate, Organization, Person, RecordKind

KEEP, TAKE, BOTH = "kept", "other", "both"

# Fields staff choose between; the rest (library, source, dates) stay the survivor's.
CHOSEN_FIELDS = {
    Organization: [
        "name",
        "sector",
        "ein",
        "ntee_code",
        "mission",
        "current_interests",
        "needs",
        "notes",
        "website",
        "email",
        "phone",
        "address",
        "city",
        "state",
        "zip_code",
        "income",
        "assets",
        "irs_subsection",
        "irs_foundation",
        "irs_activity",
    ],
    Person: ["name", "email", "phone", "notes", "user"],
}
# Free text that can be kept from both, one after the other.
JOINABLE = {"mission", "current_interests", "needs", "notes"}

# model label -> resolver(row, field_name, survivor, options) -> True when it dealt with the row
Resolver = Callable[[models.Model, str, models.Model, dict], bool]
_RESOLVERS: dict[str, Resolver] = {}


def register_resolver(label: str, resolver: Resolver) -> None:
    """Let an app decide how its rows that point at a merged-away record move."""
    _RESOLVERS[label] = resolver


def kind_of(model) -> str:
    return RecordKind.PERSON if model is Person else RecordKind.ORGANIZATION


def _filled(value) -> bool:
    return value not in (None, "")


@dataclass
class FieldChoice:
    name: str
    label: str
    kept: object
    other: object
    default: str
    joinable: bool
    kept_display: str = ""
    other_display: str = ""

    @property
    def differs(self) -> bool:
        return self.kept != self.other


def field_choices(kept, other) -> list[FieldChoice]:
    """Each chosen field side by side, with its default: filled beats empty, else the survivor's."""
    model = type(kept)
    rows = []
    for name in CHOSEN_FIELDS[model]:
        model_field = model._meta.get_field(name)
        kept_value, other_value = getattr(kept, name), getattr(other, name)
        default = TAKE if not _filled(kept_value) and _filled(other_value) else KEEP
        rows.append(
            FieldChoice(
                name=name,
                label=str(model_field.verbose_name),
                kept=kept_value,
                other=other_value,
                default=default,
                joinable=name in JOINABLE and _filled(kept_value) and _filled(other_value),
                kept_display=_display(model_field, kept_value),
                other_display=_display(model_field, other_value),
            )
        )
    return rows


def _display(model_field, value) -> str:
    """A value as the page shows it: a choice's label ("Nonprofit", not "nonprofit")."""
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


@dataclass
class MergeResult:
    survivor: models.Model
    moved: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict, model) -> None:
        label = str(model._meta.verbose_name_plural)
        bucket[label] = bucket.get(label, 0) + 1


def _conflicts(row, field_name: str, survivor) -> bool:
    """Would pointing `row` at `survivor` break a unique constraint (or a one-to-one)?"""
    model = type(row)
    manager = model._base_manager
    model_field = model._meta.get_field(field_name)
    if model_field.one_to_one:
        return manager.filter(**{field_name: survivor}).exclude(pk=row.pk).exists()
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if field_name not in fields:
            continue
        condition = getattr(constraint, "condition", None)
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue  # the row is outside the constraint (an archived partnership)
        lookup = {name: getattr(row, model._meta.get_field(name).attname) for name in fields}
        lookup[field_name] = survivor
        twins = manager.filter(**lookup).exclude(pk=row.pk)
        if condition is not None:
            twins = twins.filter(condition)
        if twins.exists():
            return True
    for together in model._meta.unique_together:
        if field_name in together:
            lookup = {name: getattr(row, model._meta.get_field(name).attname) for name in together}
            lookup[field_name] = survivor
            if manager.filter(**lookup).exclude(pk=row.pk).exists():
                return True
    return False


def move_references(model, old, new, options: dict, result: MergeResult) -> None:
    """Point everything that points at `old` (of `model`) at `new`."""
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many:
            through = relation.through
            ours = relation.field.m2m_reverse_field_name()  # the through row's key to `model`
            theirs = relation.field.m2m_field_name()
            for row in through._base_manager.filter(**{ours: old}):
                duplicate = through._base_manager.filter(
                    **{ours: new, theirs: getattr(row, f"{theirs}_id")}
                ).exists()
                if duplicate:
                    row.delete()
                    result.count(result.dropped, related)
                else:
                    setattr(row, ours, new)
                    row.save()
                    result.count(result.moved, related)
            continue
        name = relation.field.name
        resolver = _RESOLVERS.get(related._meta.label)
        for row in list(related._base_manager.filter(**{name: old}).order_by("pk")):
            if resolver is not None and resolver(row, name, new, {**options, "_result": result}):
                continue
            if _conflicts(row, name, new):
                row.delete()
                result.count(result.dropped, related)
                continue
            setattr(row, name, new)
            row._change_reason = f"Moved from {old} (#{old.pk}), merged into #{new.pk}"
            row.save()
            result.count(result.moved, related)


def merge(kept, other, *, choices: dict[str, str] | None = None, user=None, options=None):
    """Merge `other` into `kept` (same model, same library): one transaction.

    choices: field name -> "kept", "other" or "both" (text kept from both); a missing field takes
    its default. options: {"partnerships": "merge" | "apart"} for the partnerships resolver.
    Returns a MergeResult with what moved and what was dropped as a twin.
    """
    model = type(kept)
    if type(other) is not model or model not in CHOSEN_FIELDS:
        raise ValueError("Only two organizations or two people can be merged.")
    if kept.library_id != other.library_id:
        raise ValueError("Records of two libraries cannot be merged.")
    if kept.pk == other.pk:
        raise ValueError("A record cannot be merged with itself.")
    options = dict(options or {})
    choices = dict(choices or {})
    result = MergeResult(survivor=kept)
    with transaction.atomic():
        # Lock both rows: two people merging the same pair at once cannot both go through.
        locked = {
            r.pk: r for r in model.objects.select_for_update().filter(pk__in=[kept.pk, other.pk])
        }
        if len(locked) != 2:
            raise model.DoesNotExist("One of the records is gone.")
        kept, other = locked[kept.pk], locked[other.pk]
        result.survivor = kept
        for row in field_choices(kept, other):
            choice = choices.get(row.name, row.default)
            if choice == TAKE:
                setattr(kept, row.name, row.other)
            elif choice == BOTH and row.joinable and row.kept != row.other:
                setattr(kept, row.name, f"{row.kept}\n\n{row.other}")
        if model is Organization and kept.created_at > other.created_at:
            kept.created_at = other.created_at
        move_references(model, other, kept, options, result)
        for m2m in model._meta.many_to_many:
            getattr(kept, m2m.name).add(*getattr(other, m2m.name).all())
        kept._change_reason = f"Merged with {other.name} (#{other.pk})"
        kept.save()
        library_id, other_pk, other_name = other.library_id, other.pk, other.name
        kind = kind_of(model)
        other._change_reason = f"Merged into {kept.name} (#{kept.pk})"
        other.delete()
        MergedRecord.objects.filter(library_id=library_id, kind=kind, survivor_id=other_pk).update(
            survivor_id=kept.pk
        )
        MergedRecord.objects.update_or_create(
            library_id=library_id,
            kind=kind,
            old_id=other_pk,
            defaults={"survivor_id": kept.pk, "old_name": other_name[:300], "merged_by": user},
        )
        NotDuplicate.objects.filter(library_id=library_id, kind=kind).filter(
            models.Q(first_id=other_pk) | models.Q(second_id=other_pk)
        ).delete()
    return result


def survivor_of(library, model, pk: int) -> int | None:
    """The id a merged-away record's address should now lead to, if it was merged."""
    found = (
        MergedRecord.objects.filter(library=library, kind=kind_of(model), old_id=pk)
        .values_list("survivor_id", flat=True)
        .first()
    )
    return found
