"""This app's panel on the case page (registered in apps.py, see cases/casefile/panels.py):
every OT meeting where the case was on the agenda, with a link to it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cases.models import Case, CaseStatus
from meetings import selectors


def panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    user = request.user
    may_plan = selectors.may_plan(user=user, school_id=case.school_id)
    items, upcoming = selectors.case_panel_meetings(
        user=user, case=case, offer=may_plan and case.status != CaseStatus.CLOSED
    )
    if not items and not may_plan:
        return None
    return {"template": "meetings/_case_panel.html", "items": items, "may_plan": may_plan, "upcoming": upcoming}
