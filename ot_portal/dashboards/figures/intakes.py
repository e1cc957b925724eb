"""Intake figures (aanmeldformulieren): teacher drafts waiting for the IB.

Empty until the cases app's intake model is merged. Could move to `cases/selectors.py`.
"""

from __future__ import annotations

from ot_portal.dashboards.tables import Table


def worklist_tables(*, user, school_ids) -> list[Table]:
    return []
