"""Overdracht: when an OT member leaves or is replaced, their regie and open actions move to a
successor in one step, with a note on each case's timeline.

The handover page is in `meetings`; the rule lives in `cases` because it writes cases' own data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.actions.models import Action
from cases.casefile.models import Case, CaseEventKind, CaseStatus
from cases.casefile.services import case_handover_regie
from cases.casefile.timeline import case_event_add
from ot_portal.core.models import School, SchoolMembership, User


@dataclass(frozen=True)
class HandoverResult:
    cases_moved: int
    actions_moved: int


@transaction.atomic
def member_handover(*, actor: User, school: School, leaving: User, successor: User, note: str) -> HandoverResult:
    """Move `leaving`'s regie (Case.lead) and open actions at `school` to `successor`.

    Regie moves through cases.services.case_handover_regie (which keeps the note in the regie history
    and refuses a successor who may not see the case); every case whose actions move gets one
    timeline event. All or nothing.
    """
    if leaving == successor:
        raise ValidationError({"successor": _("The successor must be someone else.")})
    if not SchoolMembership.objects.active().filter(user=successor, school=school, user__is_active=True).exists():
        raise ValidationError({"successor": _("The successor has no active role at this school.")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a handover note.")})

    cases = list(
        Case.objects.select_for_update()
        .filter(school=school, lead=leaving)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("pk")
    )
    actions = list(Action.objects.select_for_update().open().filter(case__school=school, owner=leaving).order_by("pk"))
    # Regie moves through the cases service (regie history, candidate check, timeline event).
    for case in cases:
        case_handover_regie(actor=actor, case=case, to_holder=successor, note=note)
    touched: dict[int, Case] = {}
    for action in actions:
        action.owner = successor
        action.last_reminded_on = None
        action.full_clean()
        action.save(update_fields=["owner", "last_reminded_on"])
        touched.setdefault(action.case_id, action.case)
    # The timeline shows system text only; the note itself stays with the handover record.
    for case in touched.values():
        case_event_add(
            case=case,
            kind=CaseEventKind.ACTION,
            message="actions_handed_over",
            params={"leaving": str(leaving), "successor": str(successor)},
            actor=actor,
            source_app="meetings",
        )
    return HandoverResult(cases_moved=len(cases), actions_moved=len(actions))
