"""CLO figures (aanvragen, besluiten, TLV's, bezwaren), aggregated in SQL.

Empty until the clo app's models are merged. Could move to `clo/selectors.py`.
"""

from __future__ import annotations

from datetime import date

from ot_portal.core.models import SchoolYear
from ot_portal.dashboards.tables import Table


def available() -> bool:
    return False


def director_tables(*, school_ids, year: SchoolYear, today: date) -> list[Table]:
    return []


def clo_tables(*, partnership, year: SchoolYear, today: date) -> list[Table]:
    return []


def partnership_counts(*, school_ids, year: SchoolYear, today: date) -> tuple[list, dict]:
    return [], {}


def trend_series(*, school_ids, start_years: list[int]) -> dict:
    return {}
