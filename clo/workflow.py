"""The CLO request workflow: every allowed status change, the permission it needs and how its button
reads, in ONE dict.

Services check a change against `ALLOWED_TRANSITIONS` under `select_for_update` and append a
RequestStatusChange row; nothing else changes `Request.status`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from clo.models import RequestStatus as S
from ot_portal.core.access import P


@dataclass(frozen=True)
class Transition:
    """One allowed step: the permission codename the actor needs, at the school (P.REQUEST_*) or in
    the partnership's committee (P.CLO_*), and how the button that offers it reads. A destructive
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
    (S.DRAFT, S.READY): Transition(P.REQUEST_PREPARE, _("Send to the director for confirmation")),
    # the director sends it back to the IB
    (S.READY, S.DRAFT): Transition(P.REQUEST_CONFIRM, _("Send back to the IB"), destructive=True),
    # the director submits on the board's behalf
    (S.READY, S.SUBMITTED): Transition(P.REQUEST_CONFIRM, _("Confirm and submit on the board's behalf")),
    # the secretary asks for what is missing
    (S.SUBMITTED, S.INCOMPLETE): Transition(P.CLO_PROCESS, _ASK_MISSING),
    # the school completes the file
    (S.INCOMPLETE, S.SUBMITTED): Transition(P.REQUEST_PREPARE, _("Completed: resubmit to the CLO")),
    (S.SUBMITTED, S.ACCEPTED): Transition(P.CLO_PROCESS, _("Accept as complete")),
    (S.ACCEPTED, S.INCOMPLETE): Transition(P.CLO_PROCESS, _ASK_MISSING),
    (S.ACCEPTED, S.PLANNED): Transition(P.CLO_PROCESS, _("Plan into a CLO meeting")),
    (S.PLANNED, S.ACCEPTED): Transition(P.CLO_PROCESS, _("Take off the meeting's agenda")),
    (S.ACCEPTED, S.DECIDED): Transition(P.CLO_PROCESS, _DECIDE),
    (S.PLANNED, S.DECIDED): Transition(P.CLO_PROCESS, _DECIDE),
    (S.DRAFT, S.WITHDRAWN): Transition(P.REQUEST_PREPARE, _WITHDRAW, destructive=True),
    (S.READY, S.WITHDRAWN): Transition(P.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (S.SUBMITTED, S.WITHDRAWN): Transition(P.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (S.INCOMPLETE, S.WITHDRAWN): Transition(P.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (S.ACCEPTED, S.WITHDRAWN): Transition(P.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
    (S.PLANNED, S.WITHDRAWN): Transition(P.REQUEST_CONFIRM, _WITHDRAW, destructive=True),
}

#: (from, to) -> the permission codename the actor needs.
ALLOWED_TRANSITIONS: dict[tuple[str, str], str] = {step: t.permission for step, t in TRANSITIONS.items()}

#: Permissions that are held at a school (the others are held in the partnership's committee).
SCHOOL_PERMISSIONS = frozenset({P.REQUEST_PREPARE, P.REQUEST_CONFIRM, P.REQUEST_VIEW_SCHOOL})

#: Transitions the generic transition view offers; the others run through their own form
#: (incomplete: missing list; planned: meeting; decided: decision form).
SIMPLE_TARGETS = frozenset({S.READY, S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.WITHDRAWN})


def permission_for(from_status: str, to_status: str) -> str | None:
    return ALLOWED_TRANSITIONS.get((from_status, to_status))


def transition(from_status: str, to_status: str) -> Transition | None:
    return TRANSITIONS.get((from_status, to_status))


def targets_from(status: str) -> list[str]:
    return [to for (frm, to) in ALLOWED_TRANSITIONS if frm == status]


def permissions_towards(status: str) -> set[str]:
    """Every permission that can lead to `status` from some status."""
    return {perm for (_frm, to), perm in ALLOWED_TRANSITIONS.items() if to == status}
