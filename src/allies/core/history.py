"""Turn django-simple-history records into readable entries for the history panel on record pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _display(model, field_name: str, value) -> str:
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - an m2m through name or a removed field
        return str(value)
    # A model says how one of its stored values reads with `history_<field>` (Goal.kinds: codes).
    reads = getattr(model, f"history_{field_name}", None)
    if reads is not None and value is not None:
        return str(reads(value))
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many and isinstance(value, list):
        related = field.related_model
        ids = [row.get(field.m2m_reverse_field_name()) for row in value if isinstance(row, dict)]
        names = related.objects.filter(pk__in=ids).values_list("name", flat=True)
        return ", ".join(sorted(names))
    if field.many_to_one and value is not None:
        # A foreign key is stored as an id; show what it points to ("Helen Marsh", not "1").
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(_("(removed)"))
    if isinstance(value, list):  # a JSON list: its items, not Python's brackets and quotes
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def history_entries(record, limit: int = 50) -> list[dict]:
    """Newest first: when, who, what ('created', 'changed'), the fields that changed, the reason."""
    records = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    model = type(record)
    for index, current in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and current.history_type == "~":
            delta = current.diff_against(previous)
            for change in delta.changes:
                try:
                    label = str(model._meta.get_field(change.field).verbose_name)
                except Exception:  # noqa: BLE001
                    label = change.field
                changes.append(
                    {
                        "field": label,
                        "old": _display(model, change.field, change.old),
                        "new": _display(model, change.field, change.new),
                    }
                )
        entries.append(
            {
                "when": current.history_date,
                "who": current.history_user,
                "action": ACTIONS.get(current.history_type, ACTIONS["~"]),
                "changes": changes,
                "reason": current.history_change_reason or "",
            }
        )
    return entries
