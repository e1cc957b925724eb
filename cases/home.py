"""This app's panels on the role home page (see ot_portal.web.home): my actions grouped by when
they are due (overdue, this week, later; a screenful, the rest behind "all actions"), and the
intake drafts waiting to be submitted."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from cases.actions.selectors import home_action_groups
from cases.casefile.regie import recent_automatic_regie_for
from cases.growth.selectors import opp_evaluations_due
from cases.intake.models import IntakeStatus
from cases.intake.selectors import intake_list_for_user
from cases.participation.selectors import open_invitations_for_user
from ot_portal.core.access import Perm, school_ids_with

#: New intake drafts shown on the home page (the intake list has them all).
HOME_DRAFTS = 5


def panel(request: HttpRequest) -> dict[str, Any] | None:
    """Return {"template": ..., **context} for the home page, or None when nothing applies."""
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    groups = home_action_groups(user=request.user, today=today)
    opp_due = list(opp_evaluations_due(user=request.user)[:20])
    regie_notices = list(recent_automatic_regie_for(user=request.user)[:20])
    invitations = list(open_invitations_for_user(user=request.user)[:20])
    total = sum(g["count"] for g in groups)
    if not total and not opp_due and not regie_notices and not invitations:
        return None
    return {
        "template": "cases/_home_panel.html",
        "column": "main",
        "groups": groups,
        "total": total,
        "shown": sum(len(g["rows"]) for g in groups),
        "overdue_count": groups[0]["count"],
        "opp_due": opp_due,
        "regie_notices": regie_notices,
        "invitations": invitations,
        "today": today,
    }


def drafts_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The newest intake drafts (zorgformulieren not yet submitted) for those who submit them."""
    user = request.user
    if not user.is_authenticated or not school_ids_with(user, Perm.INTAKE_SUBMIT):
        return None
    drafts = intake_list_for_user(user=user).filter(status=IntakeStatus.DRAFT).order_by("-updated_at")
    return {
        "template": "cases/_home_drafts.html",
        "column": "side",
        "drafts": list(drafts[:HOME_DRAFTS]),
        "draft_count": drafts.count(),
    }
