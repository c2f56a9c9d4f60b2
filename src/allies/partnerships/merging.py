"""How partnerships follow when two organizations are merged (registered with
`directory.merging`): two open partnerships with the same library end up on one organization,
which the database allows only once, so staff choose to merge them (everything logged on the
other one, its stage changes, commitments, contacts..., moves to the survivor's partnership) or to
keep them apart (the other one is archived, with its history, on the merged organization)."""

from __future__ import annotations

from django.utils import timezone

from allies.directory import merging
from allies.partnerships.models import Partnership


def resolve(row, field_name: str, survivor, options: dict) -> bool:
    if field_name != "organization" or row.archived_at is not None:
        return False
    twin = (
        Partnership.objects.filter(
            library_id=row.library_id, organization=survivor, archived_at__isnull=True
        )
        .exclude(pk=row.pk)
        .first()
    )
    if twin is None:
        return False
    result = options.get("_result")
    if options.get("partnerships") == "merge":
        merging.move_references(Partnership, row, twin, options, result)
        row._change_reason = f"Merged into the partnership #{twin.pk} with {survivor}"
        row.delete()
        if result is not None:
            result.count(result.dropped, Partnership)
        return True
    row.archived_at = row.archived_at or timezone.now()
    row.organization = survivor
    row._change_reason = f"Archived: its organization was merged into {survivor} (#{survivor.pk})"
    row.save()
    if result is not None:
        result.count(result.moved, Partnership)
    return True


def register() -> None:
    merging.register_resolver(Partnership._meta.label, resolve)
