"""This app's panel on the role home page (see ot_portal.web.home)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from clo import selectors
from clo.models import RequestStatus
from ot_portal.core.access import Perm, has_partnership_permission, school_ids_with


def panel(request: HttpRequest) -> dict[str, Any] | None:
    """Return {"template": ..., **context} for the home page, or None when nothing applies.

    The secretary sees the open queue and the requests at risk of exceeding the decision term; the
    school's IB and director see their requests that wait for them.
    """
    user = request.user
    if has_partnership_permission(user, Perm.CLO_PROCESS):
        rows = selectors.queue_rows(selectors.queue_for_user(user=user))
        return {
            "template": "clo/_home_panel.html",
            "queue_count": len(rows),
            "at_risk": [r for r, t in rows if t.at_risk],
            "incomplete": sum(1 for r, _t in rows if r.status == RequestStatus.INCOMPLETE),
            "expiring": sum(1 for row in selectors.register_rows(selectors.register_for_user(user=user)) if row.alert),
        }
    awaiting = selectors.awaiting_my_advice(user=user)
    if awaiting:
        return {"template": "clo/_home_panel.html", "awaiting_advice": awaiting}
    if school_ids_with(user, Perm.REQUEST_VIEW_SCHOOL):
        waiting = (
            selectors.school_requests_for_user(user=user)
            .filter(status__in=[RequestStatus.DRAFT, RequestStatus.READY, RequestStatus.INCOMPLETE])
            .order_by("status", "-created_at")[:10]
        )
        return {"template": "clo/_home_panel.html", "school_waiting": list(waiting)}
    return None
