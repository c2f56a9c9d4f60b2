"""Possible duplicates: the list (organizations or people, best first, with why), "Not
duplicates", and the side-by-side page that merges two records into one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allies.directory import dedupe, merging
from allies.directory.models import Organization, Person, RecordKind
from allies.libraries.access import MEMBERS, STAFF, library_view

MODELS = {RecordKind.ORGANIZATION: Organization, RecordKind.PERSON: Person}
SHOWN = 200


def _kind(request) -> str:
    value = request.GET.get("kind") or request.POST.get("kind") or RecordKind.ORGANIZATION
    if value not in MODELS:
        raise Http404("No such kind of record")
    return value


@library_view(role=MEMBERS)
def duplicate_list(request):
    kind = _kind(request)
    pairs = dedupe.find(request.library, kind)
    return render(
        request,
        "directory/duplicates.html",
        {
            "kind": kind,
            "pairs": pairs[:SHOWN],
            "total": len(pairs),
            "shown": min(len(pairs), SHOWN),
            "merge_url": "directory:person_merge"
            if kind == RecordKind.PERSON
            else "directory:organization_merge",
            "record_url": "directory:person"
            if kind == RecordKind.PERSON
            else "directory:organization",
        },
    )


@library_view(role=STAFF)
@require_POST
def not_duplicates(request):
    kind = _kind(request)
    model = MODELS[kind]
    try:
        ids = [int(request.POST.get("a", "")), int(request.POST.get("b", ""))]
    except ValueError:
        raise Http404("No such pair") from None
    records = model.objects.filter(library=request.library, pk__in=ids)
    if len(records) != 2:
        raise Http404("No such pair")
    dedupe.dismiss(request.library, kind, ids[0], ids[1], request.user)
    first, second = sorted(records, key=lambda r: ids.index(r.pk))
    messages.success(
        request,
        _("%(a)s and %(b)s will not be listed as possible duplicates again.")
        % {"a": first.name, "b": second.name},
    )
    return redirect(reverse("directory:duplicates", args=[request.library.slug]) + f"?kind={kind}")


def _merge(request, kind: str, kept_pk: int, other_pk: int):
    model = MODELS[kind]
    kept = get_object_or_404(model, library=request.library, pk=kept_pk)
    other = get_object_or_404(model, library=request.library, pk=other_pk)
    if kept.pk == other.pk:
        raise Http404("A record cannot be merged with itself")
    rows = merging.field_choices(kept, other)
    both_partnerships = False
    if model is Organization:
        both_partnerships = (
            kept.partnerships.filter(archived_at__isnull=True).exists()
            and other.partnerships.filter(archived_at__isnull=True).exists()
        )
    if request.method == "POST":
        choices = {}
        for row in rows:
            value = request.POST.get(f"field_{row.name}", row.default)
            allowed = {merging.KEEP, merging.TAKE} | ({merging.BOTH} if row.joinable else set())
            choices[row.name] = value if value in allowed else row.default
        partnerships = request.POST.get("partnerships", "apart")
        result = merging.merge(
            kept,
            other,
            choices=choices,
            user=request.user,
            options={"partnerships": "merge" if partnerships == "merge" else "apart"},
        )
        messages.success(
            request,
            _("%(other)s was merged into %(kept)s.")
            % {"other": other.name, "kept": result.survivor.name},
        )
        url = "directory:person" if kind == RecordKind.PERSON else "directory:organization"
        return redirect(url, request.library.slug, result.survivor.pk)
    return render(
        request,
        "directory/merge.html",
        {
            "kind": kind,
            "kept": kept,
            "other": other,
            "rows": rows,
            "both_partnerships": both_partnerships,
            "related": _related_counts(model, other),
            "swap_url": reverse(
                "directory:person_merge"
                if kind == RecordKind.PERSON
                else "directory:organization_merge",
                args=[request.library.slug, other.pk, kept.pk],
            ),
        },
    )


def _related_counts(model, record) -> list[tuple[str, int]]:
    """What points at the record that goes away (and so will move), counted, for the page."""
    counts = []
    for relation in model._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            continue
        count = getattr(record, accessor).count()
        if count:
            counts.append((str(relation.related_model._meta.verbose_name_plural), count))
    return counts


@library_view(role=STAFF)
def organization_merge(request, pk, other_organization_pk):
    return _merge(request, RecordKind.ORGANIZATION, pk, other_organization_pk)


@library_view(role=STAFF)
def person_merge(request, pk, other_person_pk):
    return _merge(request, RecordKind.PERSON, pk, other_person_pk)
