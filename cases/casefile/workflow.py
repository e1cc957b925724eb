"""The case status workflow in one place: which status may follow which.

registered → active → escalated (to the CLO) → closed, and a closed case can be reopened.
Checked by cases.services.case_change_status under select_for_update; history is appended.
"""

from cases.casefile.models import OPEN_CASE_STATUSES, CaseStatus

ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.ESCALATED, CaseStatus.CLOSED}),
    CaseStatus.ESCALATED: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ACTIVE}),  # reopening
}


OPEN_STATUSES = frozenset(OPEN_CASE_STATUSES)


def allowed_next(status: str) -> list[str]:
    """The statuses a case in `status` may move to, in workflow order."""
    order = [CaseStatus.REGISTERED, CaseStatus.ACTIVE, CaseStatus.ESCALATED, CaseStatus.CLOSED]
    return [s for s in order if s in ALLOWED_STATUS_CHANGES.get(status, frozenset())]


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_STATUS_CHANGES.get(from_status, frozenset())
