"""How the dashboards write a subtitle, a number of days, a date and a share."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from ot_portal.core.formats import date_table
from ot_portal.core.models import SchoolYear


def subtitle(name: str, year: SchoolYear) -> str:
    return _("%(name)s · school year %(year)s") % {"name": name, "year": year}


def days(value: float | None) -> str:
    return "–" if value is None else formats.number_format(round(value, 1), 1)


def day(value: date | None) -> str:
    return date_table(value) if value else "–"


def share(part: int, whole: int) -> str:
    return formats.number_format(100 * part / whole, 0) + "%" if whole else "–"
