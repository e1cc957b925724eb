"""SQL building blocks for figures that every app aggregates the same way: the exact median
with its n, and "within a school year". The apps' `figures.py` modules use
them; nothing here knows a domain model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DurationField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Subquery,
)

from ot_portal.core.models import SchoolYear


class PercentileCont(Aggregate):
    """PostgreSQL's exact median: percentile_cont(0.5) WITHIN GROUP (ORDER BY expr)."""

    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


@dataclass(frozen=True)
class Median:
    """A median and the number of rows it was taken over."""

    value: float | None
    n: int


def median(queryset: QuerySet[Any], field: str, *, duration: bool = False) -> Median:
    """Median of `field` over the rows of `queryset` where it is not null, in SQL, with its n.

    PostgreSQL: one query (percentile_cont and the count together). Elsewhere (SQLite): a count
    and one single-row query ordered by the field (LIMIT/OFFSET). Durations come back as days.
    """
    return median_with(queryset, field, duration=duration)[0]


def median_with(
    queryset: QuerySet[Any, Any], field: str, *, duration: bool = False, **aggregates: Any
) -> tuple[Median, dict[str, Any]]:
    """`median`, plus further aggregates over all rows of `queryset` (null `field` included) read
    in the same query: on PostgreSQL one query in all, elsewhere the count query and the row."""
    present = Q(**{f"{field}__isnull": False})
    if connection.vendor == "postgresql":
        output = DurationField() if duration else FloatField()
        row = queryset.aggregate(
            _m=PercentileCont(field, output_field=output, filter=present),
            _n=Count("pk", filter=present),
            **aggregates,
        )
        value, n = row.pop("_m"), row.pop("_n")
    else:
        row = queryset.aggregate(_n=Count("pk", filter=present), **aggregates)
        n = row.pop("_n")
        value = None
        if n:
            ordered = queryset.filter(present).order_by(field).values_list(field, flat=True)
            if n % 2:
                value = ordered[n // 2]
            else:
                a, b = list(ordered[n // 2 - 1 : n // 2 + 1])
                value = (a + b) / 2
    if value is None:
        return Median(None, n), row
    if duration:
        return Median(value.total_seconds() / 86400, n), row
    return Median(float(value), n), row


def any_of(conditions: Iterable[Q]) -> Q:
    """The conditions joined with OR (at least one condition)."""
    listed = list(conditions)
    combined: Q = listed[0]
    for condition in listed[1:]:
        combined |= condition
    return combined


def per_year(name: str, year: SchoolYear) -> str:
    """The column of figure `name` for `year` in a query that counts several school years."""
    return f"{name}__y{year.start_year}"


def split_per_year(
    rows: Iterable[Mapping[str, Any]], key: str, years: Iterable[SchoolYear]
) -> dict[int, dict[Any, dict[str, int]]]:
    """Rows of a query grouped by `key` with `per_year` columns, as {start year: {key: {name: n}}}."""
    out: dict[int, dict[Any, dict[str, int]]] = {y.start_year: {} for y in years}
    for row in rows:
        ref = row[key]
        for column, n in row.items():
            if column == key:
                continue
            name, start_year = column.rsplit("__y", 1)
            out[int(start_year)].setdefault(ref, {})[name] = n
    return out


def in_school_year(year: SchoolYear, field: str) -> Q:
    """`field` (a date) falls within the school year, 1 August to 31 July."""
    return Q(**{f"{field}__gte": year.starts_on, f"{field}__lte": year.ends_on})


class _InArray(Func):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))`."""

    output_field = BooleanField()
    template = "(%(expressions)s)"
    arg_joiner = " IN "

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s))", arg_joiner=" = ANY(ARRAY", **extra)


def in_ids_of(column: str, ids: QuerySet[Any]) -> _InArray:
    """A filter: `column` is one of the ids `ids` selects (a `.values("pk")` queryset), planned as a
    list of ids rather than as a join.

    For "the actions of these schools' cases" PostgreSQL joins `cases_action` to `cases_case`; it
    cannot see that one school's ~460 cases hold only ~2 % of the actions and reads all 100,000
    actions (a sequential scan, 25-45 ms at partnership scale). `= ANY(ARRAY(subquery))` is
    estimated as a short list of ids, so it probes the foreign-key index instead (6-13 ms); the
    subquery runs once, before the main query, in the same round trip."""
    return _InArray(F(column), Subquery(ids.order_by()))
