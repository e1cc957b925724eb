"""Reminders and escalation of agreed actions (the follow-through the seed names as the weakest
point): the owner of an action due within REMIND_DAYS_AHEAD days or overdue gets one mail a day at
most; an action overdue past the partnership's threshold is escalated once to the regie holder and
to whoever receives escalations at the school (the policy table). Mails never name the pupil.
Run daily by `manage.py send_action_reminders` or its task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.actions.models import Action
from cases.actions.services import action_mark_escalated, action_mark_reminded
from ot_portal.core.access import Perm, school_users_with

REMIND_DAYS_AHEAD = 3


def actions_to_remind(*, today: date) -> QuerySet[Action]:
    """Open actions due within REMIND_DAYS_AHEAD days or overdue, not yet reminded today."""
    return (
        Action.objects.open()
        .filter(due_on__lte=today + timedelta(days=REMIND_DAYS_AHEAD))
        .exclude(last_reminded_on=today)
        .select_related("owner", "case__school")
        .order_by("pk")
    )


def actions_to_escalate(*, today: date) -> list[Action]:
    """Overdue actions past their partnership's escalation threshold, not escalated before."""
    candidates = (
        Action.objects.overdue(today)
        .filter(escalated_on__isnull=True)
        .select_related("owner", "case__lead", "case__school__board__partnership__settings")
        .order_by("pk")
    )
    result = []
    for action in candidates:
        settings_ = getattr(action.case.school.board.partnership, "settings", None)
        days = settings_.action_escalation_days if settings_ else 14
        if (today - action.due_on).days > days:
            result.append(action)
    return result


@dataclass
class ReminderResult:
    reminded: int = 0
    escalated: int = 0


def _send(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override("nl"):
        body = render_to_string(template, context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=to)


def send_action_reminders(*, today: date | None = None) -> ReminderResult:
    """Herinneringen: mail the owner (member or external) of every action due soon or overdue,
    once a day at most; escalate actions overdue past the partnership's threshold to the regie
    holder and the IB. Mails never name the pupil."""
    today = today or timezone.localdate()
    result = ReminderResult()
    with translation.override("nl"):
        for action in actions_to_remind(today=today):
            with transaction.atomic():
                email = action.owner.email if action.owner is not None else action.external_owner_email
                if not email:
                    continue
                overdue = action.is_overdue_on(today)
                subject = (
                    _("Overdue action for the OT of %(school)s")
                    if overdue
                    else _("Action due soon for the OT of %(school)s")
                ) % {"school": action.case.school.name}
                context = {
                    "action": action,
                    "overdue": overdue,
                    "days": abs((today - action.due_on).days),
                    "school": action.case.school,
                    "owner_name": action.owner_display,
                    "has_account": bool(action.owner_id),
                }
                if not action_mark_reminded(action=action, on=today):
                    continue
                transaction.on_commit(
                    partial(
                        _send, to=[email], subject=subject, template="cases/email/action_reminder.txt", context=context
                    )
                )
                result.reminded += 1
        for action in actions_to_escalate(today=today):
            with transaction.atomic():
                recipients = {u.email for u in school_users_with(action.case.school_id, Perm.ACTION_ESCALATIONS)}
                holder = action.case.lead  # the regie holder
                if holder is not None and holder.is_active:
                    recipients.add(holder.email)
                recipients.discard("")
                if not recipients:
                    continue
                subject = _("Escalation: action overdue for %(days)s days (OT %(school)s)") % {
                    "days": (today - action.due_on).days,
                    "school": action.case.school.name,
                }
                context = {
                    "action": action,
                    "days": (today - action.due_on).days,
                    "school": action.case.school,
                    "owner_name": action.owner_display,
                }
                recipients_sorted = sorted(recipients)
                if not action_mark_escalated(action=action, on=today, source_app="cases"):
                    continue
                transaction.on_commit(
                    partial(
                        _send,
                        to=recipients_sorted,
                        subject=subject,
                        template="cases/email/action_escalation.txt",
                        context=context,
                    )
                )
                result.escalated += 1
    return result
