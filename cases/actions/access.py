"""Access helper of actions, the one for the whole project: fetch an action for a request, 404 when
the user may not see it, 403 when they see it but may not do what they ask.

- "view" and "edit": the action is visible with its case; editing needs the case's write permission;
- "complete": also the owner sees it (an external owner may no longer see the case); marking it done
  is for whom `rules.may_complete` allows.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.actions.models import Action
from cases.actions.rules import may_complete
from cases.actions.selectors import action_list_for_user, actions_reachable_by
from cases.casefile.access import case_allows
from ot_portal.core.access import get_for_user_or_404
from ot_portal.core.audit import ObjectType

VIEW, EDIT, COMPLETE = "view", "edit", "complete"


def get_action_for_user(request: HttpRequest, uuid: UUID, *, action: str = EDIT) -> Action:
    user = request.user
    if action == COMPLETE:
        visible = actions_reachable_by(user=user)
        allowed = lambda a: may_complete(user=user, action=a)  # noqa: E731
        logged = "edit"
    else:
        visible = action_list_for_user(user=user).select_related("case", "owner")
        allowed = lambda a: case_allows(user, a.case, "write" if action == EDIT else "view")  # noqa: E731
        logged = "view" if action == VIEW else "edit"
    return get_for_user_or_404(
        request, visible, object_type=ObjectType.ACTION, action=logged, allowed=allowed, uuid=uuid
    )
