"""Access helpers of participation.

`get_participant` is the only way into a parent page: it needs a participant session (link plus
code) whose invitation is still live and still allowed, and the pupil in the URL must be that
session's pupil — another pupil's UUID is a 404, as for staff. A staff user gets a 404 too:
parent pages do not exist in a staff session. Every outcome is written to the access log.
`get_invitation_for_user` fetches an invitation for the school's IB.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cases.participation import session
from cases.participation.models import Invitation
from cases.participation.services import invitation_check
from cases.pupils.access import get_pupil_for_user
from cases.pupils.models import Guardian, Pupil
from cases.pupils.selectors import pupil_list_for_user
from ot_portal.core import audit
from ot_portal.core.access import Perm, get_for_user_or_404, school_permissions
from ot_portal.core.audit import ObjectType


class NoParticipantSession(Exception):
    """No (live) participant session: the page asks to open the link from the mail again."""


@dataclass
class Participant:
    invitation: Invitation
    pupil: Pupil
    guardian: Guardian | None

    @property
    def name(self) -> str:
        return self.invitation.participant_name

    @property
    def is_pupil(self) -> bool:
        return self.guardian is None


def get_participant(request: HttpRequest, uuid: UUID | str, *, page: str, action: str = "view") -> Participant:
    object_id = str(uuid)
    if request.user.is_authenticated:
        audit.log_access(
            request, object_type=ObjectType.parent_page(page), object_id=object_id, action=action, outcome="refused"
        )
        raise Http404
    data = session.current(request)
    invitation = None
    if data is not None and (invitation_pk := data.get("invitation")) is not None:
        invitation = Invitation.objects.select_related("pupil__school", "guardian").filter(pk=invitation_pk).first()
    if invitation is None or not invitation_check(invitation=invitation):
        if data is not None:
            session.end(request)
        raise NoParticipantSession
    guardian_key = invitation.guardian.uuid if invitation.guardian is not None else None  # read with it
    if str(invitation.pupil.uuid) != object_id:
        audit.log_access(
            request,
            object_type=ObjectType.parent_page(page),
            object_id=object_id,
            action=action,
            outcome="not_found",
            guardian_key=guardian_key,
        )
        raise Http404
    audit.log_access(
        request,
        object_type=ObjectType.parent_page(page),
        object_id=object_id,
        action=action,
        pupil_key=invitation.pupil.uuid,
        guardian_key=guardian_key,
    )
    return Participant(invitation=invitation, pupil=invitation.pupil, guardian=invitation.guardian)


def participant_or_none(request: HttpRequest) -> Participant | None:
    """The participant of this browser without a page check (the sign-in page links onward)."""
    if request.user.is_authenticated:
        return None
    data = session.current(request)
    if data is None or (invitation_pk := data.get("invitation")) is None:
        return None
    invitation = Invitation.objects.select_related("pupil__school", "guardian").filter(pk=invitation_pk).first()
    if invitation is None or not invitation.is_live:
        return None
    return Participant(invitation=invitation, pupil=invitation.pupil, guardian=invitation.guardian)


def get_invitation_pupil_for_user(request: HttpRequest, uuid: UUID) -> Pupil:
    """The pupil whose invitations the IB manages (403 for staff who see the pupil but may not invite)."""
    pupil = get_pupil_for_user(request, uuid)
    if Perm.PARTICIPATION_INVITE not in school_permissions(request.user, pupil.school_id):
        audit.log_access(
            request, object_type=ObjectType.INVITATION, object_id=str(uuid), action="edit", outcome="refused"
        )
        raise PermissionDenied
    return pupil


def get_invitation_for_user(request: HttpRequest, uuid: UUID) -> Invitation:
    return get_for_user_or_404(
        request,
        Invitation.objects.filter(pupil__in=pupil_list_for_user(user=request.user)).select_related(
            "pupil__school", "guardian"
        ),
        object_type=ObjectType.INVITATION,
        action="edit",
        allowed=lambda inv: Perm.PARTICIPATION_INVITE in school_permissions(request.user, inv.pupil.school_id),
        uuid=uuid,
    )
