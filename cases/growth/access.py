"""Access helpers of the groeidocument: fetch one object for a request, 404 when the user may
not see it."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.growth.selectors import growth_document_pupils_for_user
from cases.pupils.models import Pupil
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType

GROWTH_ACTIONS = {"view": None, "edit": Perm.GROWTH_DOC_EDIT, "export": Perm.GROWTH_DOC_EXPORT}


def get_growth_pupil_for_user(request: HttpRequest, uuid: UUID, *, action: str = "view") -> Pupil:
    """The pupil whose groeidocument is asked for (the document itself may not exist yet)."""
    needed = GROWTH_ACTIONS[action]
    log_action = {"view": "view", "edit": "edit", "export": "export"}[action]
    return get_for_user_or_404(
        request,
        growth_document_pupils_for_user(user=request.user).select_related("school"),
        object_type=ObjectType.GROWTH_DOCUMENT,
        action=log_action,
        allowed=None if needed is None else (lambda p: needed in school_permissions(request.user, p.school_id)),
        uuid=uuid,
    )
