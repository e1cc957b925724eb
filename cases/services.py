"""Writes for cases. Keyword-only, one transaction, full_clean() before save(), events on the timeline.

Higher apps (meetings, clo) write to cases only through these services.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Action, Case, CaseEvent, CaseEventKind


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


@transaction.atomic
def action_create(
    *,
    actor,
    case: Case,
    description: str,
    due_on: date,
    owner=None,
    external_owner_name: str = "",
    external_owner_organisation: str = "",
    external_owner_email: str = "",
    source_app: str = "cases",
    source_id: str = "",
) -> Action:
    """Agree an action on a case; it appears on the owner's list and the case timeline."""
    action = Action(
        case=case,
        description=description,
        due_on=due_on,
        owner=owner,
        external_owner_name=external_owner_name,
        external_owner_organisation=external_owner_organisation,
        external_owner_email=external_owner_email,
        created_by=actor,
        source_app=source_app,
        source_id=str(source_id),
    )
    action.full_clean()
    action.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.ACTION,
        summary=_("Action agreed for %(owner)s, due %(due)s")
        % {"owner": action.owner_display, "due": f"{due_on:%d-%m-%Y}"},
        actor=actor,
        source_app=source_app,
        source_id=str(action.uuid),
    )
    return action
