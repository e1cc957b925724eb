"""Figures on cases, intakes, actions and consent, aggregated in SQL (casussen, aanmeldingen,
acties, toestemming).

The dashboards compose and render these; the definitions live here, next to the data. Callers
pass school ids they have already scoped for the user: nothing here decides who may see what.
Every function issues a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate

from cases.actions.models import Action, ActionStatus, overdue_q
from cases.actions.selectors import done_in
from cases.casefile.models import OPEN_CASE_STATUSES, Case, CaseStatus
from cases.consent.models import Consent, ConsentState
from cases.consent.selectors import consent_state_sql
from cases.intake.models import Intake, IntakeStatus
from cases.intake.selectors import intake_list_for_user, submitted_in
from cases.pupils.models import Pupil
from ot_portal.core.access import Perm, school_ids_with
from ot_portal.core.aggregates import any_of, in_ids_of, in_school_year, per_year, split_per_year
from ot_portal.core.models import SchoolYear, User


def cases_running_in(year: SchoolYear) -> Q:
    """A case counts for a school year when it was open at some point in it."""
    return Q(opened_on__lte=year.ends_on) & (Q(closed_on__isnull=True) | Q(closed_on__gte=year.starts_on))


def closed_in(year: SchoolYear) -> Q:
    """A case closed in the school year: status closed and its closing date in the year."""
    return in_school_year(year, "closed_on") & Q(status=CaseStatus.CLOSED)


def months_of(year: SchoolYear) -> list[tuple[int, int]]:
    """(calendar year, month) of the school year's twelve months, August first."""
    return [(year.start_year + (m < 8), m) for m in [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]]


# --- Director: one school ----------------------------------------------------------------------


def cases_by_status_and_level(*, school_ids: Iterable[int], year: SchoolYear) -> dict[tuple[str, str], int]:
    rows = (
        Case.objects.filter(school_id__in=school_ids)
        .filter(cases_running_in(year))
        .values("status", "care_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["status"], r["care_level"]): r["n"] for r in rows}


def submitted_intakes(*, school_ids: Iterable[int], year: SchoolYear) -> QuerySet[Intake]:
    """Aanmeldingen: zorgformulieren submitted in the school year (drafts do not count); the
    intake list filters by the same definition (`submitted_in`)."""
    return submitted_in(Intake.objects.filter(school_id__in=school_ids), year)


def intakes_per_month(*, school_ids: Iterable[int], year: SchoolYear) -> dict[tuple[int, int], int]:
    """Submitted zorgformulieren per calendar month of the school year, by date of submission."""
    rows = (
        submitted_intakes(school_ids=school_ids, year=year)
        .annotate(day=TruncDate("submitted_at"))
        .annotate(y=ExtractYear("day"), m=ExtractMonth("day"))
        .values("y", "m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["y"], r["m"]): r["n"] for r in rows}


def actions_per_owner_and_done(
    *, school_ids: Iterable[int], today: date, year: SchoolYear, limit: int = 25
) -> tuple[list[dict[str, Any]], int]:
    """Open and overdue actions per owner (an OT member or a named external owner), and the number
    of actions recorded as done with a done date in the year, in one grouped query.
    One row per owner of an open action or of one done in the year (the school's people, not its
    actions); owners with nothing open sort last and are dropped here."""
    done = Q(status=ActionStatus.DONE) & in_school_year(year, "done_on")
    rows = list(
        Action.objects.filter(in_ids_of("case_id", Case.objects.filter(school_id__in=school_ids).values("pk")))
        .filter(Q(status=ActionStatus.OPEN) | done)
        .values("owner__full_name", "external_owner_name", "owner_id", "owner__uuid")
        .annotate(
            open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
            overdue=Count("pk", filter=overdue_q(today)),
            done=Count("pk", filter=done),
        )
        .order_by("-overdue", "-open", "owner__full_name", "external_owner_name")
    )
    owners = [{k: v for k, v in r.items() if k != "done"} for r in rows if r["open"]][:limit]
    return owners, sum(r["done"] for r in rows)


def actions_done(*, school_ids: Iterable[int], year: SchoolYear) -> QuerySet[Action]:
    """Actions recorded as done with a done date in the school year (the done-actions list
    filters by the same definition, `done_in`)."""
    return done_in(Action.objects.filter(case__school_id__in=school_ids), year)


@dataclass(frozen=True)
class ConsentCoverage:
    """Pupils with an open case, by the state of their consent today."""

    pupils: int
    in_force: int  # a consent in force, every guardian with parental authority agreed
    waiting: int  # a consent in force, but a guardian with parental authority has not agreed yet
    none: int  # no consent in force


def pupils_with_open_case(*, school_ids: Iterable[int]) -> QuerySet[Case, Any]:
    """One open case per pupil (a database constraint), so these pupils count the open cases."""
    return Case.objects.filter(school_id__in=school_ids, status__in=OPEN_CASE_STATUSES).values("pupil_id")


def consent_coverage(*, school_ids: Iterable[int], today: date) -> ConsentCoverage:
    """One query over the pupils with an open case, by the state of their current consent
    version today (`consent_state_sql`, the consent package's one definition; the case list
    filters by the same expression)."""
    pupils = Pupil.objects.filter(pk__in=pupils_with_open_case(school_ids=school_ids)).annotate(
        consent_state=consent_state_sql("pk", today)
    )
    row = pupils.aggregate(
        pupils=Count("pk"),
        in_force=Count("pk", filter=Q(consent_state=ConsentState.IN_FORCE)),
        waiting=Count("pk", filter=Q(consent_state=ConsentState.WAITING)),
        none=Count("pk", filter=Q(consent_state=ConsentState.NONE)),
    )
    return ConsentCoverage(**{k: v or 0 for k, v in row.items()})


# --- Partnership: per school --------------------------------------------------------------------

CASE_METRICS = ["running", "new", "closed", "ot_level", "clo_level"]
ACTION_METRICS = ["open_actions", "overdue_actions"]

#: What every outsider can derive from the definitions, per school (and so per board, district and
#: partnership): (parts, whole) means sum(parts) <= whole. A case opened or closed in the year ran
#: in it; a case has exactly one care level, so OT plus CLO level is at most the cases that ran;
#: an overdue action is an open one.
AT_MOST = [
    (("new",), "running"),
    (("closed",), "running"),
    (("ot_level", "clo_level"), "running"),
    (("overdue_actions",), "open_actions"),
]


def case_counts_per_school(
    *, school_ids: Iterable[int], years: list[SchoolYear]
) -> dict[int, dict[int, dict[str, int]]]:
    """Per school year (by start year) and school: cases running, opened, closed and at OT or CLO
    level, for every year in `years` in one query (one column per figure and year)."""
    columns: dict[str, Count] = {}
    for year in years:
        running = cases_running_in(year)
        columns[per_year("running", year)] = Count("pk", filter=running)
        columns[per_year("new", year)] = Count("pk", filter=running & in_school_year(year, "opened_on"))
        columns[per_year("closed", year)] = Count("pk", filter=running & closed_in(year))
        columns[per_year("ot_level", year)] = Count("pk", filter=running & Q(care_level="ot"))
        columns[per_year("clo_level", year)] = Count("pk", filter=running & Q(care_level="clo"))
    rows = (
        Case.objects.filter(school_id__in=school_ids)
        .filter(any_of(cases_running_in(year) for year in years))
        .values("school_id")
        .annotate(**columns)
        .order_by()
    )
    return split_per_year(rows, "school_id", years)


def action_counts_per_school(*, school_ids: Iterable[int], today: date) -> dict[int, dict[str, int]]:
    rows = (
        Action.objects.filter(case__school_id__in=school_ids)
        .open()
        .values("case__school_id")
        .annotate(open_actions=Count("pk"), overdue_actions=Count("pk", filter=overdue_q(today)))
        .order_by()
    )
    return {
        r["case__school_id"]: {"open_actions": r["open_actions"], "overdue_actions": r["overdue_actions"]} for r in rows
    }


# --- IB worklist -------------------------------------------------------------------------------


def consent_flags(today: date, *, expiring_within_days: int = 30) -> dict[str, Exists]:
    """Annotations on a Case queryset: no consent in force for discussion by name, and such
    consent that runs out within the next days."""
    in_force = Consent.objects.may_be_named(today).filter(pupil_id=OuterRef("pupil_id"))
    soon = today + timedelta(days=expiring_within_days)
    return {
        "has_consent": Exists(in_force),
        "consent_lasting": Exists(in_force.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=soon))),
    }


def intake_drafts_waiting(*, user: User, school_ids: Iterable[int], limit: int = 50) -> list[Intake] | None:
    """Drafts started by others (teachers) at the user's schools, oldest change first; None when
    the user does not work on intakes there (a director cannot open the drafts)."""
    drafting = set(school_ids_with(user, Perm.INTAKE_DRAFT)) & set(school_ids)
    if not drafting:
        return None
    return list(
        intake_list_for_user(user=user)
        .filter(status=IntakeStatus.DRAFT, school_id__in=drafting)
        .exclude(created_by=user)
        .select_related("pupil", "created_by")
        .order_by("updated_at")[:limit]
    )
