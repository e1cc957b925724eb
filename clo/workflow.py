"""The CLO request workflow: every allowed status change, the permission it needs and how its button
reads, in ONE dict.

Services check a change against `ALLOWED_TRANSITIONS` under `select_for_update` and append a
RequestStatusChange row; nothing else changes `Request.status`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from clo.models import RequestStatus
from ot_portal.core.access import Perm


@dataclass(frozen=True)
class Transition:
    """One allowed step: the permission codename the actor needs, at the school (Perm.REQUEST_*) or in
    the partnership's committee (Perm.CLO_*), and how the button that offers it reads. A destructive
    step undoes work already done (back to the IB, withdrawn) and is shown as such."""

    permission: str
    label: StrOrPromise
    destructive: bool = False


_WITHDRAW = _("Withdraw the request")
_ASK_MISSING = _("Ask the school for missing parts")
_DECIDE = _("Record the decision")

#: (from, to) -> the step.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    # the IB hands the request to the director
    (RequestStatus.DRAFT, RequestStatus.READY): Transition(
        Perm.REQUEST_PREPARE, _("Send to the director for confirmation")
    ),
    # the director sends it back to the IB
    (RequestStatus.READY, RequestStatus.DRAFT): Transition(
        Perm.REQUEST_CONFIRM, _("Send back to the IB"), destructive=True
    ),
    # the director submits on the board's behalf
    (RequestStatus.READY, RequestStatus.SUBMITTED): Transition(
        Perm.REQUEST_CONFIRM, _("Confirm and submit on the board's behalf")
    ),
    # the secretary asks for what is missing
    (RequestStatus.SUBMITTED, RequestStatus.INCOMPLETE): Transition(Perm.CLO_PROCESS, _ASK_MISSING),
    # the school completes the file
    (RequestStatus.INCOMPLETE, RequestStatus.SUBMITTED): Transition(
        Perm.REQUEST_PREPARE, _("Completed: resubmit to the CLO")
    ),
    (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED): Transition(Perm.CLO_PROCESS, _("Accept as complete")),
    (RequestStatus.ACCEPTED, RequestStatus.INCOMPLETE): Transition(Perm.CLO_PROCESS, _ASK_MISSING),
    (RequestStatus.ACCEPTED, RequestStatus.PLANNED): Transition(Perm.CLO_PROCESS, _("Plan into a CLO meeting")),
    (RequestStatus.PLANNED, RequestStatus.ACCEPTED): Transition(Perm.CLO_PROCESS, _("Take off the meeting's agenda")),
    (RequestStatus.ACCEPTED, RequestStatus.DECIDED): Transition(Perm.CLO_PROCESS, _DECIDE),
    (RequestStatus.PLANNED, RequestStatus.DECIDED): Transition(Perm.CLO_PROCESS, _DECIDE),
    (RequestStatus.DRAFT, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_PREPARE, _WITHDRAW, destructive=True),
    (RequestStatus.READY, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (RequestStatus.INCOMPLETE, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (RequestStatus.ACCEPTED, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (RequestStatus.PLANNED, RequestStatus.WITHDRAWN): Transition(Perm.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
}

#: (from, to) -> the permission codename the actor needs.
ALLOWED_TRANSITIONS: dict[tuple[str, str], str] = {step: t.permission for step, t in TRANSITIONS.items()}

#: Permissions that are held at a school (the others are held in the partnership's committee).
SCHOOL_PERMISSIONS = frozenset({Perm.REQUEST_PREPARE, Perm.REQUEST_CONFIRM, Perm.REQUEST_VIEW_SCHOOL})

#: Transitions the generic transition view offers; the others run through their own form
#: (incomplete: missing list; planned: meeting; decided: decision form).
SIMPLE_TARGETS = frozenset(
    {RequestStatus.READY, RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.WITHDRAWN}
)


def permission_for(from_status: str, to_status: str) -> str | None:
    return ALLOWED_TRANSITIONS.get((from_status, to_status))


def transition(from_status: str, to_status: str) -> Transition | None:
    return TRANSITIONS.get((from_status, to_status))


def targets_from(status: str) -> list[str]:
    return [to for (frm, to) in ALLOWED_TRANSITIONS if frm == status]


def permissions_towards(status: str) -> set[str]:
    """Every permission that can lead to `status` from some status."""
    return {perm for (_frm, to), perm in ALLOWED_TRANSITIONS.items() if to == status}
