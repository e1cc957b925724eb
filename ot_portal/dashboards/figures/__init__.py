"""Figures for the dashboards, aggregated in the database: one module per domain app.

These are the apps' figure selectors in waiting: the dashboards branch may not edit the domain
apps, so the aggregation queries live here for now and can move into `<app>/selectors.py` later.
Every function issues a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db.models import Aggregate, DurationField, FloatField, QuerySet


def model_or_none(app_label: str, model_name: str):
    """A domain model if that app's branch has been merged, else None (the figure is left out)."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


class PercentileCont(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5) WITHIN GROUP (ORDER BY expr)."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def median(queryset: QuerySet, field: str, *, duration: bool = False) -> float | None:
    """Median of `field` over `queryset`, in SQL.

    PostgreSQL: one query with percentile_cont. Elsewhere (SQLite): a count and one or two
    single-row queries ordered by the field (ORDER BY ... LIMIT 1 OFFSET n/2). Durations come
    back as days.
    """
    qs = queryset.exclude(**{f"{field}__isnull": True})
    if connection.vendor == "postgresql":
        output = DurationField() if duration else FloatField()
        value = qs.aggregate(m=PercentileCont(field, output_field=output))["m"]
    else:
        n = qs.count()
        if not n:
            return None
        ordered = qs.order_by(field).values_list(field, flat=True)
        if n % 2:
            value = ordered[n // 2]
        else:
            a, b = list(ordered[n // 2 - 1 : n // 2 + 1])
            value = (a + b) / 2
    if value is None:
        return None
    if duration:
        return value.total_seconds() / 86400
    return float(value)
