"""The case timeline: every app appends its events through `case_event_add`, the one writer of
CaseEvent. Lowest module of the case file, so that consent, actions and the higher apps can write to
the timeline without importing the case services.

An event stores a message code and its params, not a sentence; the sentence is rendered in the
reader's language (cases/casefile/event_text.py). The case file's own messages are registered here,
the other packages register theirs from their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.casefile.event_text import choice, day, is_known_message, register_event_messages, sentence, verbatim
from cases.casefile.models import CareLevel, Case, CaseEvent, CaseEventKind, CaseNoteKind, CaseStatus, InterventionLevel
from ot_portal.core.models import User


def _json_param(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def case_event_add(
    *,
    case: Case,
    kind: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    actor: User | None = None,
    source_app: str = "cases",
    source_id: str = "",
    at: datetime | None = None,
) -> CaseEvent:
    """Append one event to a case's timeline and mark the case as recently active.

    `message` is a registered message code; `params` its values (dates may be passed as dates and
    are stored as ISO strings)."""
    if kind not in CaseEventKind.values:
        raise ValueError(f"Unknown case event kind {kind!r}")
    if not is_known_message(message):
        raise ValueError(f"Unknown timeline message {message!r}")
    event = CaseEvent(
        case=case,
        kind=kind,
        message=message,
        params={name: _json_param(value) for name, value in (params or {}).items()},
        actor=actor,
        source_app=source_app,
        source_id=str(source_id),
        at=at or timezone.now(),
    )
    event.full_clean()
    event.save()
    Case.objects.filter(pk=case.pk).update(last_activity_at=event.at)
    return event


def _regie_moved(params: Mapping[str, Any]) -> str:
    reason = gettext("%(name)s no longer has access to this case") % {"name": verbatim(params.get("previous"))}
    return gettext("Regie moved to %(new)s: %(reason)s") % {"new": verbatim(params.get("new")), "reason": reason}


register_event_messages(
    {
        "status_changed": sentence(_("Status: %(old)s → %(new)s"), old=choice(CaseStatus), new=choice(CaseStatus)),
        "closed_as_duplicate": sentence(
            _("Closed as a duplicate case (one open case per pupil); the one of %(date)s stays open."), date=day
        ),
        "care_level_changed": sentence(
            _("Care level: %(old)s → %(new)s"), old=choice(CareLevel), new=choice(CareLevel)
        ),
        "earlier_care_level": sentence(_("Earlier care level: %(level)s on %(day)s"), level=choice(CareLevel), day=day),
        "regie_handed_over": sentence(_("Regie handed over to %(name)s"), name=verbatim),
        "regie_moved": _regie_moved,
        "note_added": sentence(_("Consultation: %(kind)s"), kind=choice(CaseNoteKind)),
        "intervention_started": sentence(_("Intervention started: %(level)s"), level=choice(InterventionLevel)),
        "intervention_evaluated": sentence(_("Intervention evaluated: %(level)s"), level=choice(InterventionLevel)),
        "evaluation_planned": sentence(_("Next evaluation planned on %(date)s"), date=day),
        "document_added": sentence(_("Document added")),
        "intake_registered": sentence(_("Registered for the OT (intake)")),
        "growth_document_updated": sentence(_("Growth document updated")),
    }
)
