"""Access helpers of actions: fetch one object for a request, 404 when the user may not see it."""

from __future__ import annotations

from django.http import HttpRequest

from cases.actions.models import Action
from cases.actions.selectors import action_list_for_user
from cases.casefile.access import case_allows
from ot_portal.core.access import get_for_user_or_404


def get_action_for_user(request: HttpRequest, uuid, *, action: str = "write") -> Action:
    """An agreed action, visible with its case; changing it needs the case's "write" permission."""
    visible = action_list_for_user(user=request.user).select_related("case", "owner")
    return get_for_user_or_404(
        request,
        visible,
        object_type="action",
        action="view" if action == "view" else "edit",
        allowed=lambda a: case_allows(request.user, a.case, action),
        uuid=uuid,
    )
