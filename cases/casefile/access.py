"""Access helpers of the case file: fetch one object for a request, 404 when the user may not
see it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.http import HttpRequest

from cases.casefile.models import Attachment, Case
from cases.casefile.selectors import case_list_for_user
from ot_portal.core.access import AnyUser, Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType

#: action -> permission needed at the object's school
CASE_ACTIONS = {"view": None, "manage": Perm.CASE_MANAGE, "write": Perm.CASE_WRITE}


def case_allows(user: AnyUser, case: Case, action: str) -> bool:
    needed = CASE_ACTIONS[action]
    if needed is None:
        return True
    # The regie holder writes the case's actions and notes, even an external with a grant.
    if action == "write" and case.lead_id == user.pk:
        return True
    return needed in school_permissions(user, case.school_id)


def get_case_for_user(
    request: HttpRequest, uuid: UUID, *, action: str = "view", annotate: Mapping[str, Any] | None = None
) -> Case:
    """`annotate`: SQL read along with the case (e.g. the consent's read check), saving queries."""
    return get_for_user_or_404(
        request,
        case_list_for_user(user=request.user).select_related("pupil", "school", "lead").annotate(**(annotate or {})),
        object_type=ObjectType.CASE,
        action="view" if action == "view" else "edit",
        allowed=lambda case: case_allows(request.user, case, action),
        uuid=uuid,
    )


def get_attachment_for_user(request: HttpRequest, uuid: UUID) -> Attachment:
    visible = Attachment.objects.filter(case__in=case_list_for_user(user=request.user))
    return get_for_user_or_404(request, visible, object_type=ObjectType.ATTACHMENT, action="download", uuid=uuid)
