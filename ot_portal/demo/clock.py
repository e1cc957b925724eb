"""Dating the demo's history. The services always write "now"; the demo tells, per step, on which
day it happened, and `happened(day)` re-dates what the services inside the block wrote to the case
file and the minutes (timeline events, status and regie history, notes, interventions, actions,
attachments, agenda items, minutes and corrections, the closing date). Demo data only: real data is never re-dated.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time

from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Action, Attachment, Case, CaseEvent, CaseLeadChange, CaseNote, CaseStatusChange, Intervention
from meetings.models import AgendaItem, ItemMinutes, MeetingStatusChange, MinutesCorrection
from ot_portal.core import append_only

#: model -> (its "written at" field, the path to its case or None)
_STAMPED = {
    CaseEvent: ("at", "case_id"),
    CaseStatusChange: ("changed_at", "case_id"),
    CaseLeadChange: ("changed_at", "case_id"),
    CaseNote: ("created_at", "case_id"),
    Intervention: ("created_at", "case_id"),
    Action: ("created_at", "case_id"),
    Attachment: ("uploaded_at", "case_id"),
    AgendaItem: ("added_at", "case_id"),
    ItemMinutes: ("written_at", "item__case_id"),
    MinutesCorrection: ("written_at", None),
    MeetingStatusChange: ("changed_at", None),
}


def moment(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _max_pk(model) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


@contextmanager
def happened(day: date, hour: int = 10):
    """Date on `day` what the services inside the block write to the case file."""
    before = {model: _max_pk(model) for model in _STAMPED}
    case_before = _max_pk(Case)
    yield
    at = moment(day, hour)
    case_ids: set[int] = set()
    # The timeline and the histories are append-only in the database; re-dating demo rows is exempt.
    with append_only.exempt(_STAMPED):
        for model, (field, case_path) in _STAMPED.items():
            rows = model.objects.filter(pk__gt=before[model])
            if case_path:
                case_ids |= set(rows.values_list(case_path, flat=True))
            rows.update(**{field: at})
    created = Case.objects.filter(pk__gt=case_before)
    case_ids |= set(created.values_list("pk", flat=True))
    created.update(created_at=at)
    Case.objects.filter(pk__in=case_ids, closed_on=timezone.localdate()).update(closed_on=day)
    settle_last_activity(case_ids, default=at)


def settle_last_activity(case_ids, *, default=None) -> None:
    """A case's last activity is its latest timeline event."""
    latest = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at", "-pk").values("at")[:1]
    for case in Case.objects.filter(pk__in=case_ids).only("pk", "last_activity_at"):
        Case.objects.filter(pk=case.pk).update(
            last_activity_at=Coalesce(Subquery(latest), Value(default or case.last_activity_at))
        )
