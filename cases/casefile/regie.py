"""Regie follows access: when the regie holder (Case.lead) can no longer open the case (grant
revoked or expired, membership ended, account disabled), regie moves to the school's IB with the
longest active membership, or to the director when the school has no IB.

Below the case services (the consent grant sync calls it), above the models and the timeline.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions.models import Action, ActionStatus
from cases.casefile.models import Case, CaseEventKind, CaseLeadChange
from cases.casefile.selectors import case_list_for_user, owner_lost_access_q
from cases.casefile.timeline import case_event_add
from ot_portal.core.access import Perm, school_ids_with
from ot_portal.core.models import Role, SchoolMembership, User


def user_sees_case(user: User | None, case: Case) -> bool:
    if user is None or not user.is_active:
        return False
    if case.school_id in school_ids_with(user, Perm.CASE_VIEW_ALL):  # school-wide: no query beyond the holdings
        return True
    return case_list_for_user(user=user).filter(pk=case.pk).exists()


def regie_successor(*, school_id: int, on: date | None = None) -> User | None:
    """The IB with the longest active membership at the school; without an IB, the director."""
    for role in (Role.IB, Role.DIRECTOR):
        membership = (
            SchoolMembership.objects.active(on)
            .filter(school_id=school_id, role=role, user__is_active=True)
            .select_related("user")
            .order_by("valid_from", "pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def regie_follow_access(*, case: Case, actor: User | None = None) -> CaseLeadChange | None:
    """Move regie away from a holder who lost access; returns the change made, if any."""
    holder = case.lead
    if holder is None:
        return None
    if user_sees_case(holder, case):
        return None
    successor = regie_successor(school_id=case.school_id)
    if successor is None or successor.pk == holder.pk:
        return None
    reason = _("%(name)s no longer has access to this case") % {"name": holder.full_name}
    change = CaseLeadChange.objects.create(
        case=case, from_lead=holder, to_lead=successor, changed_by=actor, automatic_reason=reason
    )
    Case.objects.filter(pk=case.pk).update(lead=successor, version=F("version") + 1)
    case.lead = successor
    case.version += 1
    case_event_add(
        case=case,
        kind=CaseEventKind.REGIE,
        message="regie_moved",
        params={"new": successor.full_name, "previous": holder.full_name},
        actor=actor,
    )
    return change


def actions_with_owner_without_access(actions: QuerySet[Action]) -> QuerySet[Action]:

    return actions.filter(status=ActionStatus.OPEN).filter(owner_lost_access_q())


def recent_automatic_regie_for(*, user: User, days: int = 30) -> QuerySet[CaseLeadChange]:
    """Regie that came to `user` by itself in the last days (a notice on the home page)."""
    since = timezone.now() - timedelta(days=days)
    return (
        CaseLeadChange.objects.filter(to_lead=user, changed_at__gte=since)
        .exclude(automatic_reason="")
        .filter(case__lead=user)
        .select_related("case", "case__pupil")
        .order_by("-changed_at")
    )
