"""This app's panel on the case page (registered in apps.py, see cases/casefile/panels.py):
every OT meeting where the case was on the agenda, with a link to it."""

from __future__ import annotations

from cases.models import CaseStatus
from meetings import selectors


def panel(request, case) -> dict | None:
    user = request.user
    items = list(selectors.agenda_items_for_case(user=user, case=case))
    may_plan = selectors.may_plan(user=user, school_id=case.school_id)
    if not items and not may_plan:
        return None
    upcoming = selectors.meetings_to_put_case_on(user=user, case=case) if case.status != CaseStatus.CLOSED else []
    return {"template": "meetings/_case_panel.html", "items": items, "may_plan": may_plan, "upcoming": upcoming}
