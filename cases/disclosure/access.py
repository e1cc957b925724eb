"""Access helper of access requests: 404 when the user does not handle the pupil's school's
requests (unknown and foreign look the same)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.disclosure.models import AccessRequest
from cases.disclosure.selectors import access_requests_for_user
from cases.pupils.models import Pupil
from cases.pupils.selectors import pupil_list_for_user
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType

#: the access helper's action -> the access log's action
LOGGED = {"view": "view", "edit": "edit", "download": "download"}


def get_access_request_for_user(request: HttpRequest, uuid: UUID, *, action: str = "view") -> AccessRequest:
    return get_for_user_or_404(
        request,
        access_requests_for_user(user=request.user).select_related("pupil__school", "recorded_by", "produced_by"),
        object_type=ObjectType.ACCESS_REQUEST,
        action=LOGGED[action],
        uuid=uuid,
    )


def get_pupil_for_access_log(request: HttpRequest, uuid: UUID, *, action: str = "view") -> Pupil:
    """The pupil whose access log is asked for: 404 when the pupil is not visible, 403 for
    staff who see the pupil but may not read the log (a teacher). Logged as the log's own view."""
    return get_for_user_or_404(
        request,
        pupil_list_for_user(user=request.user).select_related("school"),
        object_type=ObjectType.ACCESS_LOG,
        action=action,
        allowed=lambda p: Perm.ACCESS_LOG_VIEW in school_permissions(request.user, p.school_id),
        uuid=uuid,
    )
