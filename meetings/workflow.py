"""Allowed status changes of an OT meeting, in one place (checked by the service under select_for_update)."""

from meetings.models import MeetingStatus

ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD, MeetingStatus.APPROVED, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset({MeetingStatus.APPROVED}),
    MeetingStatus.APPROVED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


def can_change(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_STATUS_CHANGES.get(from_status, frozenset())
