"""The landscape of an audience: who already serves it, and the audiences x sectors counts.

So the library sees who already works with a group before starting something of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from allies.directory.models import Audience, Organization, Sector
from allies.directory.thesaurus import AUDIENCE
from allies.partnerships.models import Partnership


def reaching_ids(library, audience) -> tuple[list[int], dict[int, tuple[str, str]]]:
    """Ids of the library's organizations that reach `audience`, by name: staff's own tags and
    what is inferred of the others (with its evidence, to mark them as suggested)."""
    from allies.matching.features import library_directory

    directory = library_directory(library)
    tagged = set(
        Organization.objects.for_library(library).reaching(audience).values_list("pk", flat=True)
    )
    inferred = {
        org_id: terms[(AUDIENCE, audience.pk)]
        for org_id, terms in directory.inferred.items()
        if (AUDIENCE, audience.pk) in terms and org_id not in tagged
    }
    features = directory.features
    rows = features.rows(sorted(tagged | set(inferred)))
    ordered = sorted(
        (features.labels[r].casefold(), int(features.organization_ids[r])) for r in rows if r >= 0
    )
    return [org_id for _name, org_id in ordered], inferred


def organizations_reaching(library, ids):
    """The organizations with these ids, in that order, with their open partnership."""
    found = (
        Organization.objects.for_library(library)
        .filter(pk__in=ids)
        .only("name", "sector", "city", "library_id")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.filter(archived_at__isnull=True).only(
                    "organization_id", "stage"
                ),
                to_attr="open_partnerships",
            )
        )
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def partnerships_reaching(library, organization_ids):
    """The library's partnerships (any stage, not archived) with these organizations."""
    return (
        Partnership.objects.for_library(library)
        .filter(organization_id__in=organization_ids)
        .select_related("organization")
        .in_pipeline_order()
    )


@dataclass(frozen=True)
class Cell:
    sector: str
    count: int


@dataclass(frozen=True)
class MatrixRow:
    audience: Audience
    cells: list[Cell]
    total: int


@dataclass(frozen=True)
class Matrix:
    """Counts of organizations reaching each audience, by sector; only sectors with any count."""

    sectors: list[tuple[str, str]]  # (value, label)
    rows: list[MatrixRow]


def audience_sector_matrix(library) -> Matrix:
    """One aggregate query: (audience, sector) -> number of the library's organizations."""
    through = Organization.audiences.through
    counts = {
        (row["audience_id"], row["organization__sector"]): row["n"]
        for row in through.objects.filter(audience__library=library, organization__library=library)
        .values("audience_id", "organization__sector")
        .annotate(n=Count("organization_id"))
        .order_by()
    }
    used = {sector for _audience, sector in counts}
    sectors = [(value, label) for value, label in Sector.choices if value in used]
    rows = []
    for audience in Audience.objects.filter(library=library).order_by("name", "id"):
        cells = [Cell(value, counts.get((audience.pk, value), 0)) for value, _label in sectors]
        rows.append(MatrixRow(audience, cells, sum(cell.count for cell in cells)))
    return Matrix(sectors, rows)
