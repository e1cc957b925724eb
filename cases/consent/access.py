"""Access helpers of consent: fetch one object for a request, 404 when the user may not see it."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from cases.consent.models import Consent
from cases.pupils.selectors import pupil_list_for_user
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType


def get_consent_for_user(request: HttpRequest, uuid: UUID, *, action: str = "view") -> Consent:
    visible = Consent.objects.filter(pupil__in=pupil_list_for_user(user=request.user)).select_related(
        "pupil", "pupil__school"
    )
    return get_for_user_or_404(
        request,
        visible,
        object_type=ObjectType.CONSENT,
        action={"view": "view", "download": "download"}.get(action, "edit"),
        allowed=None
        if action == "view"
        else (lambda c: Perm.CONSENT_RECORD in school_permissions(request.user, c.pupil.school_id)),
        uuid=uuid,
    )
