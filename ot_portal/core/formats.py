"""Dates as people read them, in two styles and nowhere else:

- prose (a sentence, a heading, a letter, a timeline line): "1 dec. 2026" (`date_prose`);
- tables, lists of dates side by side, exports: "01-12-2026" (`date_table`).

The formats are the DATE_FORMAT / SHORT_DATE_FORMAT of the portal's format modules
(`ot_portal/core/locale_formats/<lang>/formats.py`, FORMAT_MODULE_PATH), so the month name follows
the reader's language. Templates use the filters of the same names (`ot_portal.core.templatetags.
portal_dates`, a template builtin); a `|date:"..."` with a hand-written format is not used.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.utils import formats, timezone, translation


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@lru_cache(maxsize=4096)
def _format_day(value: date, setting: str, language: str | None) -> str:
    """A calendar day in one format and language: the same text every time, so kept (a list
    page shows hundreds of dates, mostly the same few)."""
    return formats.date_format(value, setting)


def _format(value: date | datetime | None, setting: str) -> str:
    if value is None or value == "":
        return ""
    if type(value) is date:
        return _format_day(value, setting, translation.get_language())
    return formats.date_format(_local(value), setting)


def date_prose(value: date | datetime | None) -> str:
    """ "1 dec. 2026" (Dutch) / "1 Dec. 2026" (English)."""
    return _format(value, "DATE_FORMAT")


def date_table(value: date | datetime | None) -> str:
    """ "01-12-2026"."""
    return _format(value, "SHORT_DATE_FORMAT")


def datetime_prose(value: datetime | None) -> str:
    """ "1 dec. 2026 14:05"."""
    return _format(value, "DATETIME_FORMAT")


def datetime_table(value: datetime | None) -> str:
    """ "01-12-2026 14:05"."""
    return _format(value, "SHORT_DATETIME_FORMAT")


def date_prose_weekday(value: date | datetime | None) -> str:
    """ "maandag 1 dec. 2026": the prose style with the day of the week, for meeting dates."""
    if value is None or value == "":
        return ""
    return f"{formats.date_format(_local(value), 'l')} {date_prose(value)}"
