"""The one access policy: which role may do what, scoped in SQL by membership.

Rules (see docs/adr/0001-access-policy.md):
- School staff (director, IB, teacher) reach pupils of their school through an active membership;
  a teacher only the pupils of the groups they teach this school year.
- Everyone not employed by the school reaches a named case only through a per-case grant (a
  django-guardian direct foreign-key object permission owned by `cases`), which the consent service
  creates and removes. An ended membership or an expired grant loses access at once.
- Nothing outside these tables branches on role names (views, selectors, services, templates): code
  asks for a permission codename, also for who votes, who gets which mail and who teaches a group.
- `get_for_user_or_404` is the pattern for every object type: 404 when the object is not visible
  (not-found and not-allowed look the same to an outsider), 403 when it is visible but the
  action is not allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from ot_portal.core import audit
from ot_portal.core.models import (
    CommitteeMembership,
    CommitteeRole,
    PartnershipRole,
    PartnershipRoleKind,
    Role,
    SchoolMembership,
    User,
)

M = TypeVar("M", bound=models.Model)

#: Who a request is made by: selectors also answer for a visitor who is not signed in (nothing).
type AnyUser = User | AnonymousUser
#: A `values("<x>_id")` queryset, used as a subquery of ids (`pk__in=...`).
type IdSubquery = QuerySet[Any, Any]


class P:
    """Permission codenames. One string per action a user can take."""

    # School roles
    PUPIL_VIEW_ALL = "pupil.view_all"  # every pupil of the school
    PUPIL_VIEW_OWN_GROUPS = "pupil.view_own_groups"  # pupils in the groups one teaches
    PUPIL_MANAGE = "pupil.manage"  # create, edit, import, mark as left
    GROUP_TEACH = "group.teach"  # the membership's groups are the groups one teaches (joins OT meetings per case)
    CASE_VIEW_ALL = "case.view_all"
    CASE_VIEW_OWN_GROUPS = "case.view_own_groups"
    CASE_VIEW_GRANTED = "case.view_granted"  # externals: only through a consent-backed grant
    CASE_MANAGE = "case.manage"  # status, care level, regie, close/reopen
    CASE_LEAD = "case.lead"  # may hold regie over the school's cases (externals only while granted the case)
    CASE_WRITE = "case.write"  # notes, actions, interventions, attachments
    INTAKE_DRAFT = "intake.draft"
    INTAKE_VIEW_SUBMITTED = "intake.view_submitted"  # the school's submitted zorgformulieren (read only)
    INTAKE_SUBMIT = "intake.submit"
    CONSENT_RECORD = "consent.record"
    GROWTH_DOC_EDIT = "growth_doc.edit"
    GROWTH_DOC_EXPORT = "growth_doc.export"
    MEETING_VIEW = "meeting.view"
    MEETING_PLAN = "meeting.plan"
    MEETING_MINUTES = "meeting.minutes"
    ACTION_ESCALATIONS = "action.escalations"  # receives the mail about a long-overdue action
    REQUEST_PREPARE = "clo_request.prepare"
    REQUEST_CONFIRM = "clo_request.confirm"  # on the board's behalf
    REQUEST_VIEW_SCHOOL = "clo_request.view_school"
    REQUEST_NOTICES = "clo_request.notices"  # receives the CLO's mails about the school's requests
    SCHOOL_DASHBOARD = "dashboard.school"
    # Committee roles
    CLO_VIEW = "clo.view"  # submitted requests, never drafts
    CLO_PROCESS = "clo.process"  # queue, completeness, planning, decisions, objections
    CLO_VOTE = "clo.vote"  # the seat votes on decisions; the others advise
    CLO_ADVISE = "clo.advise"  # expert advice on assigned requests
    CLO_DASHBOARD = "dashboard.clo"
    # Partnership roles
    PARTNERSHIP_DASHBOARD = "dashboard.partnership"
    ORGANISATION_ADMIN = "organisation.admin"


_SCHOOL_STAFF_COMMON = {P.MEETING_VIEW}
_EXTERNAL_COMMON = {P.CASE_VIEW_GRANTED, P.MEETING_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DIRECTOR: frozenset(
        _SCHOOL_STAFF_COMMON
        | {
            P.PUPIL_VIEW_ALL,
            P.CASE_VIEW_ALL,
            P.CASE_MANAGE,
            P.CASE_LEAD,
            P.CASE_WRITE,
            P.CONSENT_RECORD,
            P.INTAKE_VIEW_SUBMITTED,
            P.GROWTH_DOC_EXPORT,
            P.MEETING_PLAN,
            P.MEETING_MINUTES,
            P.REQUEST_CONFIRM,
            P.REQUEST_VIEW_SCHOOL,
            P.REQUEST_NOTICES,
            P.SCHOOL_DASHBOARD,
        }
    ),
    Role.IB: frozenset(
        _SCHOOL_STAFF_COMMON
        | {
            P.PUPIL_VIEW_ALL,
            P.PUPIL_MANAGE,
            P.CASE_VIEW_ALL,
            P.CASE_MANAGE,
            P.CASE_LEAD,
            P.CASE_WRITE,
            P.INTAKE_DRAFT,
            P.INTAKE_SUBMIT,
            P.INTAKE_VIEW_SUBMITTED,
            P.CONSENT_RECORD,
            P.GROWTH_DOC_EDIT,
            P.GROWTH_DOC_EXPORT,
            P.MEETING_PLAN,
            P.MEETING_MINUTES,
            P.ACTION_ESCALATIONS,
            P.REQUEST_PREPARE,
            P.REQUEST_VIEW_SCHOOL,
            P.REQUEST_NOTICES,
            P.SCHOOL_DASHBOARD,
        }
    ),
    Role.TEACHER: frozenset(
        _SCHOOL_STAFF_COMMON
        | {P.GROUP_TEACH, P.PUPIL_VIEW_OWN_GROUPS, P.CASE_VIEW_OWN_GROUPS, P.INTAKE_DRAFT, P.GROWTH_DOC_EDIT}
    ),
    Role.ORTHOPEDAGOGUE: frozenset(_EXTERNAL_COMMON | {P.GROWTH_DOC_EDIT}),
    Role.YOUTH_NURSE: frozenset(_EXTERNAL_COMMON),
    Role.SCHOOL_SOCIAL_WORKER: frozenset(_EXTERNAL_COMMON),
    Role.SOCIAL_TEAM: frozenset(_EXTERNAL_COMMON),
    Role.VISITING_SPECIALIST: frozenset(_EXTERNAL_COMMON),
    Role.CARE_PROVIDER: frozenset({P.CASE_VIEW_GRANTED}),
}

COMMITTEE_PERMISSIONS: dict[str, frozenset[str]] = {
    CommitteeRole.CHAIR: frozenset({P.CLO_VIEW, P.CLO_VOTE, P.CLO_DASHBOARD}),
    CommitteeRole.SECRETARY: frozenset({P.CLO_VIEW, P.CLO_PROCESS, P.CLO_VOTE, P.CLO_DASHBOARD}),
    CommitteeRole.ORTHOPEDAGOGUE: frozenset({P.CLO_VIEW, P.CLO_VOTE, P.CLO_ADVISE}),
    CommitteeRole.ADVISOR: frozenset({P.CLO_VIEW}),
    CommitteeRole.EXPERT: frozenset({P.CLO_ADVISE}),
}

PARTNERSHIP_PERMISSIONS: dict[str, frozenset[str]] = {
    PartnershipRoleKind.STAFF: frozenset({P.PARTNERSHIP_DASHBOARD}),
    PartnershipRoleKind.FUNCTIONAL_ADMIN: frozenset({P.ORGANISATION_ADMIN, P.PARTNERSHIP_DASHBOARD}),
}


def roles_with(permission: str, table: dict[str, frozenset[str]] = ROLE_PERMISSIONS) -> list[str]:
    """The roles in `table` that grant `permission`; used to build SQL filters."""
    return [role for role, perms in table.items() if permission in perms]


def role_grants(role: str, permission: str, table: dict[str, frozenset[str]] = ROLE_PERMISSIONS) -> bool:
    """Whether one role in `table` grants `permission` (for a row in hand, e.g. an imported membership)."""
    return permission in table.get(role, frozenset())


# --- Membership scoping (SQL) -------------------------------------------------------------


def active_memberships(user: AnyUser, *, on: date | None = None) -> QuerySet[SchoolMembership]:
    return SchoolMembership.objects.held_by(user, on=on)


def school_ids_with(user: AnyUser, permission: str, *, on: date | None = None) -> IdSubquery:
    """Subquery of school ids where `user` holds an active role that grants `permission`."""
    return active_memberships(user, on=on).filter(role__in=roles_with(permission)).values("school_id")


def has_school_permission(user: AnyUser, school_id: int, permission: str) -> bool:
    return school_ids_with(user, permission).filter(school_id=school_id).exists()


def school_users_with(school_id: int, permission: str, *, on: date | None = None) -> QuerySet[User]:
    """Active users with a role in force at the school that grants `permission` (e.g. mail recipients)."""
    members = SchoolMembership.objects.active(on).filter(school_id=school_id, role__in=roles_with(permission))
    return User.objects.filter(is_active=True, pk__in=members.values("user_id"))


def school_permissions(user: AnyUser, school_id: int) -> frozenset[str]:
    """Every permission the user holds at one school (union over their active roles there)."""
    roles = active_memberships(user).filter(school_id=school_id).values_list("role", flat=True)
    perms: set[str] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


def active_committee_memberships(user: AnyUser) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.held_by(user)


def with_votes(seats: QuerySet[CommitteeMembership]) -> QuerySet[CommitteeMembership]:
    """Each committee seat gets `votes`: whether its role grants P.CLO_VOTE (for badges and labels)."""
    voting = Q(role__in=roles_with(P.CLO_VOTE, COMMITTEE_PERMISSIONS))
    return seats.annotate(votes=ExpressionWrapper(voting, output_field=BooleanField()))


def partnership_ids_with(user: AnyUser, permission: str) -> IdSubquery:
    """Subquery of partnership ids where the user's committee or partnership role grants it."""
    if not user.is_authenticated:
        return PartnershipRole.objects.none().values("partnership_id")
    committee = active_committee_memberships(user).filter(role__in=roles_with(permission, COMMITTEE_PERMISSIONS))
    staff = PartnershipRole.objects.active().filter(
        user=user, user__is_active=True, role__in=roles_with(permission, PARTNERSHIP_PERMISSIONS)
    )
    return committee.values("partnership_id").union(staff.values("partnership_id"))


def has_partnership_permission(user: AnyUser, permission: str, partnership_id: int | None = None) -> bool:
    ids = list(partnership_ids_with(user, permission))
    if partnership_id is None:
        return bool(ids)
    return any(row["partnership_id"] == partnership_id for row in ids)


def user_permissions_summary(user: AnyUser) -> frozenset[str]:
    """All permissions the user holds anywhere; for navigation only, never for object access."""
    perms: set[str] = set()
    if not user.is_authenticated:
        return frozenset()
    for role in active_memberships(user).values_list("role", flat=True).distinct():
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    for role in active_committee_memberships(user).values_list("role", flat=True).distinct():
        perms |= COMMITTEE_PERMISSIONS.get(role, frozenset())
    for role in PartnershipRole.objects.active().filter(user=user).values_list("role", flat=True):
        perms |= PARTNERSHIP_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


# --- Per-object grants (django-guardian, direct foreign keys) ------------------------------


class GrantQuerySet[G: models.Model](models.QuerySet[G]):
    def active(self, *, at: datetime | None = None) -> GrantQuerySet[G]:
        at = at or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at), revoked_at__isnull=True)


class ObjectGrantBase(UserObjectPermissionBase):
    """A per-object exception to membership scope, e.g. one case for one external professional.

    Subclasses add `content_object = models.ForeignKey(<Model>, ...)` (guardian's direct
    foreign-key form). A grant is never edited to extend it: it is revoked and a new one created.
    """

    granted_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=200)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()  # type: ignore[assignment,misc]  # guardian types its manager narrower

    class Meta(UserObjectPermissionBase.Meta):
        abstract = True


# --- Object access helper -------------------------------------------------------------------


def get_for_user_or_404[M: models.Model](
    request: HttpRequest,
    visible: QuerySet[M],
    *,
    object_type: str,
    action: str = "view",
    allowed: Callable[[M], bool] | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object from the user's visible queryset, log the access, enforce the action.

    404 when the object is not in `visible` (unknown and foreign look the same); 403 when it is
    visible but `allowed(obj)` says no. Both outcomes are written to the access log.
    """
    object_id = str(next(iter(lookup.values()), "")) if lookup else ""
    try:
        obj = visible.get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        audit.log_access(request, object_type=object_type, object_id=object_id, action=action, outcome="not_found")
        raise Http404 from None
    if allowed is not None and not allowed(obj):
        audit.log_access(request, object_type=object_type, object_id=object_id, action=action, outcome="refused")
        raise PermissionDenied
    audit.log_access(request, object_type=object_type, object_id=object_id, action=action)
    return obj


def require(
    request: HttpRequest, condition: bool, *, object_type: str = "", object_id: str = "", action: str = "view"
) -> None:
    """Raise 403 (and log it) unless `condition` holds; for pages that are not one object."""
    if not condition:
        audit.log_access(
            request, object_type=object_type or "page", object_id=object_id, action=action, outcome="refused"
        )
        raise PermissionDenied


def log_list(request: HttpRequest, *, object_type: str) -> None:
    """Log that a list of protected objects was shown (one row, not one per object)."""
    audit.log_access(request, object_type=object_type, object_id="", action="list")
