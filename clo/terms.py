"""Term arithmetic (termijnen) as pure functions: no database, no clock; `today` is passed in.

- Decision term (beslistermijn): from receipt, at most eight weeks (Awb 4:13), suspended while the
  applicant completes the file (Awb 4:15): the days between the request to complete and the
  completion do not count.
- Objection period (bezwaartermijn): six weeks from the day after the decision (Awb 6:7, 6:8).
- The LBT is asked for advice within two weeks of receiving the objection.
- Decision on objection: within twelve weeks after the objection period ends when an advisory
  committee advises (Awb 7:10 lid 1), extendable once by at most six weeks (lid 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

OBJECTION_PERIOD_WEEKS = 6
LBT_ADVICE_WITHIN_DAYS = 14
OBJECTION_DECISION_WEEKS = 12
OBJECTION_MAX_EXTENSION_WEEKS = 6
AT_RISK_DAYS = 7

Period = tuple[date, date | None]


def suspended_days(periods: Iterable[Period], *, today: date) -> int:
    """Days the clock stood still. An open period (no end yet) runs until `today`."""
    total = 0
    for start, end in periods:
        stop = end if end is not None else today
        if stop > start:
            total += (stop - start).days
    return total


def is_suspended(periods: Iterable[Period]) -> bool:
    return any(end is None for _start, end in periods)


def decision_due(*, received_on: date, term_weeks: int, periods: Iterable[Period] = (), today: date) -> date:
    """The last day for the decision: receipt + term + every suspended day (open periods up to today)."""
    if not 1 <= term_weeks <= 8:
        raise ValueError("The decision term is between one and eight weeks (Awb 4:13).")
    return received_on + timedelta(weeks=term_weeks) + timedelta(days=suspended_days(periods, today=today))


def days_left(*, due: date, today: date) -> int:
    """Negative when the term has passed."""
    return (due - today).days


def is_at_risk(*, due: date, today: date, suspended: bool = False, margin_days: int = AT_RISK_DAYS) -> bool:
    """A running clock with at most `margin_days` left (or overdue). A stopped clock is not at risk."""
    return not suspended and days_left(due=due, today=today) <= margin_days


def objection_period_ends(decided_on: date) -> date:
    """Last day to object: six weeks, starting the day after the decision was made known."""
    return decided_on + timedelta(weeks=OBJECTION_PERIOD_WEEKS)


def objection_is_late(*, decided_on: date, received_on: date) -> bool:
    return received_on > objection_period_ends(decided_on)


def lbt_advice_due(received_on: date) -> date:
    return received_on + timedelta(days=LBT_ADVICE_WITHIN_DAYS)


def objection_decision_due(*, decided_on: date, extension_weeks: int = 0) -> date:
    """Twelve weeks after the objection period ends, plus one recorded extension of ≤ six weeks."""
    if not 0 <= extension_weeks <= OBJECTION_MAX_EXTENSION_WEEKS:
        raise ValueError("The decision on an objection can be postponed once, by at most six weeks.")
    return objection_period_ends(decided_on) + timedelta(weeks=OBJECTION_DECISION_WEEKS + extension_weeks)


def tlv_default_end(*, starts_on: date, school_years: int, end_month: int = 7, end_day: int = 31) -> date:
    """End of a TLV: the end day (31 July) of the last of `school_years` school years from the start."""
    first_school_year = starts_on.year if starts_on.month >= 8 else starts_on.year - 1
    return date(first_school_year + school_years, end_month, end_day)


def reassessment_deadline(*, ends_on: date, month: int = 4, day: int = 15) -> date:
    """The re-assessment deadline in the last school year of a TLV, e.g. 15 April before 31 July."""
    candidate = date(ends_on.year, month, day)
    if candidate > ends_on:
        candidate = date(ends_on.year - 1, month, day)
    return candidate
