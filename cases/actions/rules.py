"""The rules of an agreed action, written once. Forms, services, the model's clean(), the meetings
minutes and the reminder job all call these; nothing else decides them.

- an action has exactly one owner: an OT member, or an external owner named with an e-mail address
  (for the reminders); the database backs this with the `action_has_owner` constraint;
- its due date is not in the past when it is agreed, and not before the meeting that agreed it;
- it is overdue when it is still open after its due date (`Action.is_overdue_on` and the SQL form
  `overdue_q`, side by side in cases/actions/models.py);
- the owner, the regie holder and the school's OT planners (IB, director) may mark it done;
- an open action is due in one of three groups: overdue ("te laat"), this week (up to and including
  Sunday), or later (`due_group`; the SQL form is `cases.actions.selectors.home_action_groups`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ot_portal.core.access import AnyUser, Perm, has_school_permission

if TYPE_CHECKING:  # the model imports these rules
    from cases.actions.models import Action


def owner_errors(*, has_member_owner: bool, external_name: str, external_email: str) -> dict[str, str]:
    """Errors by field ("owner", "external_owner_name", "external_owner_email") for an owner choice."""
    if not has_member_owner and not external_name:
        return {"owner": _("Choose an owner, or name an external owner.")}
    if has_member_owner and external_name:
        return {"external_owner_name": _("Choose either an OT member or an external owner, not both.")}
    if external_name and not external_email:
        return {"external_owner_email": _("An external owner needs an e-mail address for reminders.")}
    return {}


def due_on_error(*, due_on: date, today: date, agreed_on: date | None = None) -> str | None:
    """The due date of a new action: not before the meeting that agreed it, not in the past."""
    if agreed_on is not None and due_on < agreed_on:
        return _("An action cannot be due before the meeting.")
    if agreed_on is None and due_on < today:
        return _("The due date cannot be in the past.")
    return None


def may_complete(*, user: AnyUser, action: Action) -> bool:
    """The owner, the regie holder, or the OT planners of the school (IB, director)."""
    return (
        action.owner_id == user.pk
        or action.case.lead_id == user.pk
        or has_school_permission(user, action.case.school_id, Perm.MEETING_PLAN)
    )


class DueGroup(models.TextChoices):
    """When an open action is due; the label heads its group on the home page and in "all actions"."""

    OVERDUE = "overdue", gettext_lazy("Overdue")
    THIS_WEEK = "this_week", gettext_lazy("This week")
    LATER = "later", gettext_lazy("Later")

    @property
    def is_overdue(self) -> bool:
        return self is DueGroup.OVERDUE


OVERDUE, THIS_WEEK, LATER = DueGroup.OVERDUE, DueGroup.THIS_WEEK, DueGroup.LATER
DUE_GROUPS = (OVERDUE, THIS_WEEK, LATER)


def end_of_week(today: date) -> date:
    """The Sunday of `today`'s week: "this week" runs up to and including it."""
    return today + timedelta(days=6 - today.weekday())


def due_group(action: Action, *, today: date) -> DueGroup:
    """OVERDUE, THIS_WEEK or LATER for an open action."""
    if action.is_overdue_on(today):
        return OVERDUE
    return THIS_WEEK if action.due_on <= end_of_week(today) else LATER
