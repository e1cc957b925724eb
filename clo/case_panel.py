"""This app's panel on the case page (registered in apps.py, see cases/casefile/panels.py): the
case's CLO requests, and a way to start one when the case allows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cases.casefile.models import Case
from clo import selectors


def panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    user = request.user
    requests = list(selectors.requests_for_case(user=user, case=case))
    ongoing = next((r for r in requests if r.status not in selectors.CLOSED_REQUEST_STATUSES), None)
    may_start = ongoing is None and selectors.may_start_request(user=user, case=case)
    if not requests and not may_start:
        return None
    return {"template": "clo/_case_panel.html", "requests": requests, "ongoing": ongoing, "may_start": may_start}
