"""Access helpers of the intake: fetch one object for a request, 404 when the user may not see
it."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.intake.models import Intake
from cases.intake.selectors import intake_list_for_user
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType


def get_intake_for_user(request: HttpRequest, uuid: UUID, *, action: str = "view") -> Intake:
    return get_for_user_or_404(
        request,
        intake_list_for_user(user=request.user),
        object_type=ObjectType.INTAKE,
        action="view" if action == "view" else "edit",
        allowed=None
        if action == "view"
        else (lambda i: Perm.INTAKE_DRAFT in school_permissions(request.user, i.school_id)),
        uuid=uuid,
    )
