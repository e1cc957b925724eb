"""Writes of actions (agreed actions: owner, due date, overdue, completion, reminders,
escalation): keyword-only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions.models import Action, ActionStatus
from cases.casefile.models import (
    Case,
    CaseEventKind,
)
from cases.casefile.timeline import case_event_add
from ot_portal.core.locking import check_version
from ot_portal.core.models import User


@transaction.atomic
def action_create(
    *,
    actor: User,
    case: Case,
    description: str,
    due_on: date,
    owner: User | None = None,
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
        message="action_agreed",
        params={"owner": action.owner_display, "due": due_on},
        actor=actor,
        source_app=source_app,
        source_id=str(action.uuid),
    )
    return action


@transaction.atomic
def action_complete(
    *, actor: User, action: Action, status: str, done_on: date | None = None, result: str = ""
) -> Action:
    """Mark an action done (with date and result), cancelled, or open again."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    action.status = status
    action.result = result
    action.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    if action.done_on and action.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date cannot be in the future.")})
    action.full_clean()
    action.save()
    case_event_add(
        case=action.case,
        kind=CaseEventKind.ACTION,
        message="action_status",
        params={"status": action.status},
        actor=actor,
        source_id=str(action.uuid),
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: Action,
    base_version: int,
    description: str,
    due_on: date,
    owner: User | None = None,
    external_owner_name: str = "",
    external_owner_organisation: str = "",
    external_owner_email: str = "",
) -> Action:
    """Change an open action's description, due date or owner (optimistic lock on `version`).

    A later due date restarts reminders and escalation, so the new owner is not told off for the
    old deadline."""
    action = Action.objects.select_for_update(of=("self",)).select_related("case", "owner").get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("Only an open action can be changed."))
    check_version(
        action,
        base_version,
        message=_(
            "Someone else changed this action while you were editing. Your input is kept below; "
            "check their changes and save again."
        ),
    )
    before = (
        action.description,
        action.due_on,
        action.owner_id,
        action.external_owner_name,
        action.external_owner_organisation,
        action.external_owner_email,
    )
    old_owner = action.owner_display
    action.description = description
    action.due_on = due_on
    action.owner = owner
    action.external_owner_name = "" if owner else external_owner_name
    action.external_owner_organisation = "" if owner else external_owner_organisation
    action.external_owner_email = "" if owner else external_owner_email
    after = (
        action.description,
        action.due_on,
        action.owner_id,
        action.external_owner_name,
        action.external_owner_organisation,
        action.external_owner_email,
    )
    if after == before:
        return action  # nothing changed: no new version, no timeline noise
    if due_on > before[1]:
        action.last_reminded_on = None
        action.escalated_on = None
    action.version += 1
    action.full_clean()
    action.save()
    changes: dict[str, date | str] = {}
    if due_on != before[1]:
        changes["due"] = due_on
    if action.owner_display != old_owner:
        changes["owner"] = action.owner_display
    case_event_add(
        case=action.case,
        kind=CaseEventKind.ACTION,
        message="action_changed",
        params=changes,
        actor=actor,
        source_id=str(action.uuid),
    )
    return action


@transaction.atomic
def action_mark_reminded(*, action: Action, on: date) -> bool:
    """Record that the owner was reminded on `on`; False when that already happened that day
    (so a second run of the reminder job sends nothing twice)."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.last_reminded_on == on or locked.status != ActionStatus.OPEN:
        return False
    Action.objects.filter(pk=action.pk).update(last_reminded_on=on)
    return True


@transaction.atomic
def action_mark_escalated(*, action: Action, on: date, source_app: str = "cases") -> bool:
    """Record that an overdue action was escalated to the regie holder and the IB (once)."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.escalated_on is not None or locked.status != ActionStatus.OPEN:
        return False
    Action.objects.filter(pk=action.pk).update(escalated_on=on)
    case_event_add(
        case=locked.case,
        kind=CaseEventKind.ACTION,
        message="action_escalated",
        actor=None,
        source_app=source_app,
        source_id=str(locked.uuid),
    )
    return True
