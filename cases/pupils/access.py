"""Access helpers of pupils: fetch one object for a request, 404 when the user may not see it."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.pupils.models import Pupil
from cases.pupils.selectors import pupil_list_for_user
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType

PUPIL_ACTIONS = {
    "view": None,
    "manage": Perm.PUPIL_MANAGE,
    "consent": Perm.CONSENT_RECORD,
    "intake": Perm.INTAKE_DRAFT,
    "access_request": Perm.ACCESS_REQUEST_HANDLE,
}


def get_pupil_for_user(request: HttpRequest, uuid: UUID, *, action: str = "view") -> Pupil:
    needed = PUPIL_ACTIONS[action]
    return get_for_user_or_404(
        request,
        pupil_list_for_user(user=request.user).select_related("school"),
        object_type=ObjectType.PUPIL,
        action="view" if action == "view" else "edit",
        allowed=None if needed is None else (lambda p: needed in school_permissions(request.user, p.school_id)),
        uuid=uuid,
    )
