"""This app's panel on the role home page (see ot_portal.web.home): the next meetings, and how many
of my actions are open and overdue (the actions themselves are listed by the cases panel)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from meetings import selectors
from ot_portal.core.access import Perm, school_ids_with


def panel(request: HttpRequest) -> dict[str, Any] | None:
    """Return {"template": ..., **context} for the home page, or None when nothing applies."""
    user = request.user
    if not user.is_authenticated:
        return None
    may_view = bool(school_ids_with(user, Perm.MEETING_VIEW))
    mine = list(selectors.my_open_actions(user=user))
    if not may_view and not mine:
        return None
    today = timezone.localdate()
    return {
        "template": "meetings/home_panel.html",
        "open_count": len(mine),
        "overdue_count": sum(a.is_overdue for a in mine),
        "school_overdue_count": selectors.school_overdue_actions(user=user).count(),
        "meetings": selectors.upcoming_meetings_for_user(user=user) if may_view else [],
        "today": today,
    }
