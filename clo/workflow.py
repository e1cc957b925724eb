"""The CLO request workflow: every allowed status change, and the permission it needs, in ONE dict.

Services check a change against `ALLOWED_TRANSITIONS` under `select_for_update` and append a
RequestStatusChange row; nothing else changes `Request.status`.
"""

from __future__ import annotations

from clo.models import RequestStatus as S
from ot_portal.core.access import P

#: (from, to) -> the permission codename the actor needs: at the school (P.REQUEST_*) or in the
#: partnership's committee (P.CLO_*).
ALLOWED_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.READY): P.REQUEST_PREPARE,  # the IB hands the request to the director
    (S.READY, S.DRAFT): P.REQUEST_CONFIRM,  # the director sends it back to the IB
    (S.READY, S.SUBMITTED): P.REQUEST_CONFIRM,  # the director submits on the board's behalf
    (S.SUBMITTED, S.INCOMPLETE): P.CLO_PROCESS,  # the secretary asks for what is missing
    (S.INCOMPLETE, S.SUBMITTED): P.REQUEST_PREPARE,  # the school completes the file
    (S.SUBMITTED, S.ACCEPTED): P.CLO_PROCESS,
    (S.ACCEPTED, S.INCOMPLETE): P.CLO_PROCESS,
    (S.ACCEPTED, S.PLANNED): P.CLO_PROCESS,
    (S.PLANNED, S.ACCEPTED): P.CLO_PROCESS,  # taken off a meeting's agenda
    (S.ACCEPTED, S.DECIDED): P.CLO_PROCESS,
    (S.PLANNED, S.DECIDED): P.CLO_PROCESS,
    (S.DRAFT, S.WITHDRAWN): P.REQUEST_PREPARE,
    (S.READY, S.WITHDRAWN): P.REQUEST_CONFIRM,
    (S.SUBMITTED, S.WITHDRAWN): P.REQUEST_CONFIRM,
    (S.INCOMPLETE, S.WITHDRAWN): P.REQUEST_CONFIRM,
    (S.ACCEPTED, S.WITHDRAWN): P.REQUEST_CONFIRM,
    (S.PLANNED, S.WITHDRAWN): P.REQUEST_CONFIRM,
}

#: Permissions that are held at a school (the others are held in the partnership's committee).
SCHOOL_PERMISSIONS = frozenset({P.REQUEST_PREPARE, P.REQUEST_CONFIRM, P.REQUEST_VIEW_SCHOOL})

#: Transitions the generic transition view offers; the others run through their own form
#: (incomplete: missing list; planned: meeting; decided: decision form).
SIMPLE_TARGETS = frozenset({S.READY, S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.WITHDRAWN})


def permission_for(from_status: str, to_status: str) -> str | None:
    return ALLOWED_TRANSITIONS.get((from_status, to_status))


def targets_from(status: str) -> list[str]:
    return [to for (frm, to) in ALLOWED_TRANSITIONS if frm == status]


def permissions_towards(status: str) -> set[str]:
    """Every permission that can lead to `status` from some status."""
    return {perm for (_frm, to), perm in ALLOWED_TRANSITIONS.items() if to == status}
