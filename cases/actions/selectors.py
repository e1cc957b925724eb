"""Reads of actions (agreed actions: owner, due date, overdue, completion, reminders,
escalation): every selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.crypto import salted_hmac

from cases.actions import rules
from cases.actions.models import Action, ActionStatus, overdue_q
from cases.casefile.models import Case, CaseEvent, CaseEventKind
from cases.casefile.selectors import case_list_for_user
from ot_portal.core.access import AnyUser, Perm, school_ids_with
from ot_portal.core.aggregates import in_school_year
from ot_portal.core.models import SchoolYear


def open_actions_owned_by(*, user: AnyUser) -> QuerySet[Action]:
    """ "My open actions": open actions the user owns, on any case (an owner who can no longer see
    the case still owns the action; callers that show the case check its visibility)."""
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.open().filter(owner=user)


def open_actions_for_user(*, user: AnyUser) -> QuerySet[Action]:
    """My open actions on cases I may still see."""
    return (
        open_actions_owned_by(user=user)
        .filter(case__in=case_list_for_user(user=user))
        .select_related("case", "case__pupil")
        .order_by("due_on")
    )


def actions_reachable_by(*, user: AnyUser) -> QuerySet[Action]:
    """Actions the user may reach from the follow-through list: their own, or on cases they see."""
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.filter(Q(owner=user) | Q(case__in=case_list_for_user(user=user))).select_related("case")


def action_list_for_home(*, user: AnyUser) -> QuerySet[Action]:
    """Open actions the user must follow: those they own, those on cases where they hold regie,
    and (IB, director) every open action of their school."""
    visible = case_list_for_user(user=user)
    managed_schools = school_ids_with(user, Perm.CASE_MANAGE)
    return (
        Action.objects.open()
        .filter(case__in=visible)
        .filter(Q(owner=user) | Q(case__lead=user) | Q(case__school_id__in=managed_schools))
        .select_related("case", "case__pupil", "owner")
        .order_by("due_on", "pk")
    )


def external_owner_key(name: str) -> str:
    """An opaque key for an external owner (who has no account and so no UUID): a link to their
    actions carries this, never their name."""
    return salted_hmac("cases.actions.external_owner", name, algorithm="sha256").hexdigest()[:20]


def actions_of_owner(
    actions: QuerySet[Action], *, owner_uuid: UUID | None = None, external_key: str = ""
) -> QuerySet[Action]:
    """The actions among `actions` of one owner: an OT member by their UUID, or an external owner by
    `external_owner_key` of their name (the director's figure groups owners the same way). An
    external key costs one query: the names among `actions` whose key it is."""
    if owner_uuid is not None:
        actions = actions.filter(owner__uuid=owner_uuid)
    if external_key:
        names = actions.filter(owner__isnull=True).order_by().values_list("external_owner_name", flat=True).distinct()
        actions = actions.filter(
            owner__isnull=True, external_owner_name__in=[n for n in names if external_owner_key(n) == external_key]
        )
    return actions


def action_list_for_user(*, user: AnyUser) -> QuerySet[Action]:
    """Every action on a case the user may see."""
    return Action.objects.filter(case__in=case_list_for_user(user=user))


def done_in(actions: QuerySet[Action], year: SchoolYear) -> QuerySet[Action]:
    """The actions among `actions` recorded as done with a done date in the school year."""
    return actions.filter(in_school_year(year, "done_on"), status=ActionStatus.DONE)


def actions_done_for_user(*, user: AnyUser, year: SchoolYear, school_uuid: UUID | None = None) -> QuerySet[Action]:
    """Actions done in the school year on cases the user may see, of one school when given, newest
    first (the list behind the director's "actions done")."""
    actions = done_in(action_list_for_user(user=user), year)
    if school_uuid is not None:
        actions = actions.filter(case__school__uuid=school_uuid)
    return actions.select_related("case", "case__pupil", "case__school", "owner").order_by("-done_on", "-pk")


def action_list_filtered(
    *,
    user: AnyUser,
    school_uuid: UUID | None = None,
    owner_uuid: UUID | None = None,
    external_key: str = "",
    overdue_on: date | None = None,
) -> QuerySet[Action]:
    """The home page's actions (`action_list_for_home`), of one school, one owner and only those
    overdue on `overdue_on` when given: the rows behind the director's "open and overdue actions
    per owner"."""
    actions = action_list_for_home(user=user)
    if school_uuid is not None:
        actions = actions.filter(case__school__uuid=school_uuid)
    actions = actions_of_owner(actions, owner_uuid=owner_uuid, external_key=external_key)
    if overdue_on is not None:
        actions = actions.filter(overdue_q(overdue_on))
    return actions


def action_last_change(*, action: Action) -> CaseEvent | None:
    """The latest timeline event about this action (who last saved it, and when)."""
    return (
        CaseEvent.objects.filter(case_id=action.case_id, kind=CaseEventKind.ACTION, source_id=str(action.uuid))
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def action_of_case(*, case: Case, action_uuid: UUID) -> Action | None:
    return case.actions.filter(uuid=action_uuid).first()


#: At most this many actions of each group on the home page: a screenful, the rest behind "all actions".
HOME_GROUP_ROWS = {rules.OVERDUE: 5, rules.THIS_WEEK: 3, rules.LATER: 2}


def home_action_groups(*, user: AnyUser, today: date) -> list[dict[str, Any]]:
    """The home page's actions in three groups (overdue, this week, later; `rules.due_group` is the
    Python form of the same split), each with its count and its first few rows. One count query and
    one query per group, whatever the number of actions."""
    actions = action_list_for_home(user=user)
    week_end = rules.end_of_week(today)
    filters = {
        rules.OVERDUE: overdue_q(today),
        rules.THIS_WEEK: Q(due_on__gte=today, due_on__lte=week_end),
        rules.LATER: Q(due_on__gt=week_end),
    }
    counts = actions.order_by().aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    return [
        {
            "key": key,
            "count": counts[key],
            "rows": list(actions.filter(filters[key])[: HOME_GROUP_ROWS[key]]) if counts[key] else [],
        }
        for key in rules.DUE_GROUPS
    ]
