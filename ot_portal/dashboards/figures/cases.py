"""Case figures (casussen, acties, toestemming), aggregated in SQL.

Could move to `cases/selectors.py` as the app's figure selectors. Callers pass school ids they
have already scoped for the user; nothing here decides who may see what.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear

from cases.models import Action, ActionStatus, Case, CaseStatus, Consent
from ot_portal.core.models import SchoolYear


def _in_year(year: SchoolYear, field: str) -> Q:
    return Q(**{f"{field}__gte": year.starts_on, f"{field}__lte": year.ends_on})


def cases_running_in(year: SchoolYear) -> Q:
    """A case counts for a school year when it was open at some point in it."""
    return Q(opened_on__lte=year.ends_on) & (Q(closed_on__isnull=True) | Q(closed_on__gte=year.starts_on))


def cases_by_status_and_level(*, school_ids, year: SchoolYear) -> dict[tuple[str, str], int]:
    rows = (
        Case.objects.filter(school_id__in=school_ids)
        .filter(cases_running_in(year))
        .values("status", "care_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["status"], r["care_level"]): r["n"] for r in rows}


def intakes_per_month(*, school_ids, year: SchoolYear) -> dict[tuple[int, int], int]:
    """New cases (aanmeldingen) per calendar month of the school year, by intake date."""
    rows = (
        Case.objects.filter(school_id__in=school_ids)
        .filter(_in_year(year, "opened_on"))
        .annotate(y=ExtractYear("opened_on"), m=ExtractMonth("opened_on"))
        .values("y", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["y"], r["m"]): r["n"] for r in rows}


def months_of(year: SchoolYear) -> list[tuple[int, int]]:
    return [(year.start_year + (m < 8), m) for m in [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]]


def actions_per_owner(*, school_ids, today: date, limit: int = 25) -> list[dict]:
    """Open and overdue actions per owner: an OT member or a named external owner."""
    return list(
        Action.objects.filter(case__school_id__in=school_ids, status=ActionStatus.OPEN)
        .values("owner__full_name", "external_owner_name", "owner_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by("-overdue", "-open", "owner__full_name", "external_owner_name")[:limit]
    )


# --- Per school (partnership dashboard) --------------------------------------------------------

CASE_METRICS = ["running", "new", "closed", "ot_level", "clo_level"]
ACTION_METRICS = ["open_actions", "overdue_actions"]


def case_counts_per_school(*, school_ids, year: SchoolYear) -> dict[int, dict[str, int]]:
    rows = (
        Case.objects.filter(school_id__in=school_ids)
        .filter(cases_running_in(year))
        .values("school_id")
        .annotate(
            running=Count("pk"),
            new=Count("pk", filter=_in_year(year, "opened_on")),
            closed=Count("pk", filter=_in_year(year, "closed_on") & Q(status=CaseStatus.CLOSED)),
            ot_level=Count("pk", filter=Q(care_level="ot")),
            clo_level=Count("pk", filter=Q(care_level="clo")),
        )
        .order_by()
    )
    return {r.pop("school_id"): r for r in rows}


def action_counts_per_school(*, school_ids, today: date) -> dict[int, dict[str, int]]:
    rows = (
        Action.objects.filter(case__school_id__in=school_ids, status=ActionStatus.OPEN)
        .values("case__school_id")
        .annotate(open_actions=Count("pk"), overdue_actions=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    )
    return {r.pop("case__school_id"): r for r in rows}


def school_year_of(field: str):
    """SQL expression: the start year of the school year a date falls in (August starts it)."""
    return ExpressionWrapper(
        ExtractYear(field) - When_(When(**{f"{field}__month__lt": 8}, then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )


def _cases_per_school_year(*, school_ids, start_years: list[int], date_field: str) -> dict[int, int]:
    """Cases counted by the school year in which `date_field` falls, in one grouped query."""
    if not start_years:
        return {}
    lo = date(min(start_years), 8, 1)
    hi = date(max(start_years) + 1, 7, 31)
    rows = (
        Case.objects.filter(school_id__in=school_ids, **{f"{date_field}__gte": lo, f"{date_field}__lte": hi})
        .annotate(sy=school_year_of(date_field))
        .values("sy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["sy"]: r["n"] for r in rows}


def intakes_per_school_year(*, school_ids, start_years: list[int]) -> dict[int, int]:
    return _cases_per_school_year(school_ids=school_ids, start_years=start_years, date_field="opened_on")


def closed_per_school_year(*, school_ids, start_years: list[int]) -> dict[int, int]:
    return _cases_per_school_year(school_ids=school_ids, start_years=start_years, date_field="closed_on")


def actions_created_per_school_year(*, school_ids, start_years: list[int]) -> dict[int, int]:
    if not start_years:
        return {}
    rows = (
        Action.objects.filter(case__school_id__in=school_ids, due_on__year__gte=min(start_years))
        .annotate(sy=school_year_of("due_on"))
        .values("sy")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(status=ActionStatus.OPEN)))
        .order_by()
    )
    return {r["sy"]: r["n"] for r in rows}


# --- IB worklist -------------------------------------------------------------------------------


def consent_flags(today: date, *, expiring_within_days: int = 30) -> dict:
    """Annotations on a Case queryset: no consent in force, and consent that runs out soon."""
    in_force = Consent.objects.may_be_named(today).filter(pupil_id=OuterRef("pupil_id"))
    soon = today + timedelta(days=expiring_within_days)
    return {
        "has_consent": Exists(in_force),
        "consent_lasting": Exists(in_force.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=soon))),
    }
