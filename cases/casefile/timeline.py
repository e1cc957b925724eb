"""The case timeline: every app appends its events through `case_event_add`, the one writer of
CaseEvent. Lowest module of the case file, so that consent, actions and the higher apps can write to
the timeline without importing the case services."""

from __future__ import annotations

from django.utils import timezone

from cases.casefile.models import Case, CaseEvent, CaseEventKind


def case_event_add(
    *,
    case: Case,
    kind: str,
    summary: str,
    actor=None,
    source_app: str = "cases",
    source_id: str = "",
    at=None,
) -> CaseEvent:
    """Append one event to a case's timeline and mark the case as recently active."""
    if kind not in CaseEventKind.values:
        raise ValueError(f"Unknown case event kind {kind!r}")
    event = CaseEvent(
        case=case,
        kind=kind,
        summary=summary[:300],
        actor=actor,
        source_app=source_app,
        source_id=str(source_id),
        at=at or timezone.now(),
    )
    event.full_clean()
    event.save()
    Case.objects.filter(pk=case.pk).update(last_activity_at=event.at)
    return event
