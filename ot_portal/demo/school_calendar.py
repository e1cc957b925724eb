"""The school calendar the demo data keeps to: meetings fall on school days, Monday to Friday
outside the summer holiday.

The summer holiday differs per Dutch region (north, middle, south) and per year; the demo keeps
clear of all of them: from 4 July to 31 August no school day is assumed anywhere.
"""

from __future__ import annotations

from datetime import date, timedelta

#: (month, day) of the first and last day of the summer holiday, inclusive (union of the regions).
SUMMER_HOLIDAY = ((7, 4), (8, 31))


def in_summer_holiday(day: date) -> bool:
    first, last = SUMMER_HOLIDAY
    return first <= (day.month, day.day) <= last


def is_school_day(day: date) -> bool:
    return day.weekday() < 5 and not in_summer_holiday(day)


def school_day_on_or_before(day: date) -> date:
    while not is_school_day(day):
        day -= timedelta(days=1)
    return day


def school_day_on_or_after(day: date) -> date:
    while not is_school_day(day):
        day += timedelta(days=1)
    return day


def weekday_on_or_before(day: date, weekday: int) -> date:
    """The school day with the given weekday (0 = Monday) on or before `day`."""
    day = school_day_on_or_before(day)
    while day.weekday() != weekday or not is_school_day(day):
        day -= timedelta(days=1)
    return day


def weekday_on_or_after(day: date, weekday: int) -> date:
    day = school_day_on_or_after(day)
    while day.weekday() != weekday or not is_school_day(day):
        day += timedelta(days=1)
    return day
