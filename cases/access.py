"""Access helpers for case objects, built on core.access.get_for_user_or_404 (ADR 0001):
404 when the object is not visible to the user, 403 when visible but the action is not allowed."""

from __future__ import annotations

from django.http import HttpRequest

from cases import selectors
from cases.models import Action, Attachment, Case, Consent, Intake, Pupil
from ot_portal.core.access import P, get_for_user_or_404, school_permissions

#: action -> permission needed at the object's school
CASE_ACTIONS = {"view": None, "manage": P.CASE_MANAGE, "write": P.CASE_WRITE}
PUPIL_ACTIONS = {
    "view": None,
    "manage": P.PUPIL_MANAGE,
    "consent": P.CONSENT_RECORD,
    "intake": P.INTAKE_DRAFT,
}
GROWTH_ACTIONS = {"view": None, "edit": P.GROWTH_DOC_EDIT, "export": P.GROWTH_DOC_EXPORT}


def case_allows(user, case: Case, action: str) -> bool:
    needed = CASE_ACTIONS[action]
    if needed is None:
        return True
    # The regie holder writes the case's actions and notes, even an external with a grant.
    if action == "write" and case.lead_id == user.pk:
        return True
    return needed in school_permissions(user, case.school_id)


def get_case_for_user(request: HttpRequest, uuid, *, action: str = "view") -> Case:
    return get_for_user_or_404(
        request,
        selectors.case_list_for_user(user=request.user).select_related("pupil", "school", "lead"),
        object_type="case",
        action="view" if action == "view" else "edit",
        allowed=lambda case: case_allows(request.user, case, action),
        uuid=uuid,
    )


def get_pupil_for_user(request: HttpRequest, uuid, *, action: str = "view") -> Pupil:
    needed = PUPIL_ACTIONS[action]
    return get_for_user_or_404(
        request,
        selectors.pupil_list_for_user(user=request.user).select_related("school"),
        object_type="pupil",
        action="view" if action == "view" else "edit",
        allowed=None if needed is None else (lambda p: needed in school_permissions(request.user, p.school_id)),
        uuid=uuid,
    )


def get_growth_pupil_for_user(request: HttpRequest, uuid, *, action: str = "view") -> Pupil:
    """The pupil whose groeidocument is asked for (the document itself may not exist yet)."""
    needed = GROWTH_ACTIONS[action]
    log_action = {"view": "view", "edit": "edit", "export": "export"}[action]
    return get_for_user_or_404(
        request,
        selectors.growth_document_pupils_for_user(user=request.user).select_related("school"),
        object_type="growth_document",
        action=log_action,
        allowed=None if needed is None else (lambda p: needed in school_permissions(request.user, p.school_id)),
        uuid=uuid,
    )


def get_intake_for_user(request: HttpRequest, uuid, *, action: str = "view") -> Intake:
    return get_for_user_or_404(
        request,
        selectors.intake_list_for_user(user=request.user),
        object_type="intake",
        action="view" if action == "view" else "edit",
        allowed=None
        if action == "view"
        else (lambda i: P.INTAKE_DRAFT in school_permissions(request.user, i.school_id)),
        uuid=uuid,
    )


def get_consent_for_user(request: HttpRequest, uuid, *, action: str = "view") -> Consent:
    visible = Consent.objects.filter(pupil__in=selectors.pupil_list_for_user(user=request.user)).select_related(
        "pupil", "pupil__school"
    )
    return get_for_user_or_404(
        request,
        visible,
        object_type="consent",
        action={"view": "view", "download": "download"}.get(action, "edit"),
        allowed=None
        if action == "view"
        else (lambda c: P.CONSENT_RECORD in school_permissions(request.user, c.pupil.school_id)),
        uuid=uuid,
    )


def get_attachment_for_user(request: HttpRequest, uuid) -> Attachment:
    visible = Attachment.objects.filter(case__in=selectors.case_list_for_user(user=request.user))
    return get_for_user_or_404(request, visible, object_type="attachment", action="download", uuid=uuid)


def get_action_for_user(request: HttpRequest, uuid, *, action: str = "write") -> Action:
    """An agreed action, visible with its case; changing it needs the case's "write" permission."""
    visible = selectors.action_list_for_user(user=request.user).select_related("case", "owner")
    return get_for_user_or_404(
        request,
        visible,
        object_type="action",
        action="view" if action == "view" else "edit",
        allowed=lambda a: case_allows(request.user, a.case, action),
        uuid=uuid,
    )
