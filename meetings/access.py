"""Access helpers for year plans, meetings and case items, built on get_for_user_or_404.

404 when the object is not visible (another school, an item of a case not granted to the user);
403 when it is visible but the action (plan, minutes) is not allowed.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from meetings.models import AgendaItem, Meeting, YearPlan, YearPlanTask
from meetings.selectors import (
    agenda_items_for_user,
    may_plan,
    may_write_minutes,
    meeting_list_for_user,
    year_plan_list_for_user,
)
from ot_portal.core.access import AnyUser, get_for_user_or_404
from ot_portal.core.audit import ObjectType

VIEW, PLAN, MINUTES, EXPORT = "view", "plan", "minutes", "export"


def _allowed(user: AnyUser, action: str, meeting: Meeting | None = None, school_id: int | None = None) -> bool:
    if action == PLAN:
        if school_id is None:
            assert meeting is not None  # planning is asked of a school or of one of its meetings
            school_id = meeting.school_id
        return may_plan(user=user, school_id=school_id)
    if action == MINUTES:
        assert meeting is not None  # minutes belong to a meeting
        return may_write_minutes(user=user, meeting=meeting)
    return True


def get_year_plan_for_user(request: HttpRequest, uuid: UUID, *, action: str = VIEW) -> YearPlan:
    user = request.user
    return get_for_user_or_404(
        request,
        year_plan_list_for_user(user=user),
        object_type=ObjectType.YEAR_PLAN,
        action=action,
        allowed=lambda plan: _allowed(user, action, school_id=plan.school_id),
        uuid=uuid,
    )


def get_meeting_for_user(request: HttpRequest, uuid: UUID, *, action: str = VIEW) -> Meeting:
    user = request.user
    return get_for_user_or_404(
        request,
        meeting_list_for_user(user=user),
        object_type=ObjectType.MEETING,
        action=action,
        allowed=lambda meeting: _allowed(user, action, meeting=meeting),
        uuid=uuid,
    )


def get_item_for_user(request: HttpRequest, uuid: UUID, *, action: str = VIEW) -> AgendaItem:
    user = request.user
    return get_for_user_or_404(
        request,
        agenda_items_for_user(user=user).select_related("meeting", "case__pupil", "meeting__plan"),
        object_type=ObjectType.AGENDA_ITEM,
        action=action,
        allowed=lambda item: _allowed(user, action, meeting=item.meeting),
        uuid=uuid,
    )


def get_year_plan_task_for_user(request: HttpRequest, uuid: UUID, *, action: str = PLAN) -> YearPlanTask:
    user = request.user
    return get_for_user_or_404(
        request,
        YearPlanTask.objects.filter(plan__in=year_plan_list_for_user(user=user)).select_related("plan"),
        object_type=ObjectType.YEAR_PLAN_TASK,
        action=action,
        allowed=lambda task: _allowed(user, action, school_id=task.plan.school_id),
        uuid=uuid,
    )
