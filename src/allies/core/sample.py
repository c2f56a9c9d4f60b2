"""Helpers for writing the sample library: dates in its past, history moved to when things happened."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def backdate(record, when) -> None:
    """Move the newest history entry of a record to when it happened in the story."""
    latest = record.history.order_by("-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(history_date=when)
