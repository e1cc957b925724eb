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

from collections.abc import Callable, Iterable
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
from ot_portal.core.audit import ObjectType
from ot_portal.core.holdings import holdings_of
from ot_portal.core.models import (
    CommitteeMembership,
    CommitteeRole,
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


class Perm:
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
    CASE_REGIE = "case.lead"  # may hold regie over the school's cases (externals only while granted the case)
    CASE_WRITE = "case.write"  # notes, actions, interventions, attachments
    INTAKE_DRAFT = "intake.draft"
    INTAKE_VIEW_SUBMITTED = "intake.view_submitted"  # the school's submitted zorgformulieren (read only)
    INTAKE_SUBMIT = "intake.submit"
    CONSENT_RECORD = "consent.record"
    PARTICIPATION_INVITE = "participation.invite"  # invite parents and pupils to their own pages; gets their notices
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
    ACCESS_LOG_VIEW = "pupil.access_log"  # "wie heeft dit dossier ingezien" of the school's pupils
    ACCESS_REQUEST_HANDLE = "access_request.handle"  # record, extend and answer an inzageverzoek (AVG art. 15)
    # Committee roles
    CLO_VIEW = "clo.view"  # submitted requests, never drafts
    CLO_PROCESS = "clo.process"  # queue, completeness, planning, decisions, objections
    CLO_VOTE = "clo.vote"  # the seat votes on decisions; the others advise
    CLO_ADVISE = "clo.advise"  # expert advice on assigned requests
    CLO_DASHBOARD = "dashboard.clo"
    # Partnership roles
    PARTNERSHIP_DASHBOARD = "dashboard.partnership"
    ORGANISATION_ADMIN = "organisation.admin"


_SCHOOL_STAFF_COMMON = {Perm.MEETING_VIEW}
_EXTERNAL_COMMON = {Perm.CASE_VIEW_GRANTED, Perm.MEETING_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DIRECTOR: frozenset(
        _SCHOOL_STAFF_COMMON
        | {
            Perm.PUPIL_VIEW_ALL,
            Perm.CASE_VIEW_ALL,
            Perm.CASE_MANAGE,
            Perm.CASE_REGIE,
            Perm.CASE_WRITE,
            Perm.CONSENT_RECORD,
            Perm.INTAKE_VIEW_SUBMITTED,
            Perm.GROWTH_DOC_EXPORT,
            Perm.MEETING_PLAN,
            Perm.MEETING_MINUTES,
            Perm.REQUEST_CONFIRM,
            Perm.REQUEST_VIEW_SCHOOL,
            Perm.REQUEST_NOTICES,
            Perm.SCHOOL_DASHBOARD,
            Perm.ACCESS_LOG_VIEW,
            Perm.ACCESS_REQUEST_HANDLE,
        }
    ),
    Role.IB: frozenset(
        _SCHOOL_STAFF_COMMON
        | {
            Perm.PUPIL_VIEW_ALL,
            Perm.PUPIL_MANAGE,
            Perm.CASE_VIEW_ALL,
            Perm.CASE_MANAGE,
            Perm.CASE_REGIE,
            Perm.CASE_WRITE,
            Perm.INTAKE_DRAFT,
            Perm.INTAKE_SUBMIT,
            Perm.INTAKE_VIEW_SUBMITTED,
            Perm.CONSENT_RECORD,
            Perm.PARTICIPATION_INVITE,
            Perm.GROWTH_DOC_EDIT,
            Perm.GROWTH_DOC_EXPORT,
            Perm.MEETING_PLAN,
            Perm.MEETING_MINUTES,
            Perm.ACTION_ESCALATIONS,
            Perm.REQUEST_PREPARE,
            Perm.REQUEST_VIEW_SCHOOL,
            Perm.REQUEST_NOTICES,
            Perm.SCHOOL_DASHBOARD,
            Perm.ACCESS_LOG_VIEW,
            Perm.ACCESS_REQUEST_HANDLE,
        }
    ),
    Role.TEACHER: frozenset(
        _SCHOOL_STAFF_COMMON
        | {
            Perm.GROUP_TEACH,
            Perm.PUPIL_VIEW_OWN_GROUPS,
            Perm.CASE_VIEW_OWN_GROUPS,
            Perm.INTAKE_DRAFT,
            Perm.GROWTH_DOC_EDIT,
        }
    ),
    Role.ORTHOPEDAGOGUE: frozenset(_EXTERNAL_COMMON | {Perm.GROWTH_DOC_EDIT}),
    Role.YOUTH_NURSE: frozenset(_EXTERNAL_COMMON),
    Role.SCHOOL_SOCIAL_WORKER: frozenset(_EXTERNAL_COMMON),
    Role.SOCIAL_TEAM: frozenset(_EXTERNAL_COMMON),
    Role.VISITING_SPECIALIST: frozenset(_EXTERNAL_COMMON),
    Role.CARE_PROVIDER: frozenset({Perm.CASE_VIEW_GRANTED}),
}

COMMITTEE_PERMISSIONS: dict[str, frozenset[str]] = {
    CommitteeRole.CHAIR: frozenset({Perm.CLO_VIEW, Perm.CLO_VOTE, Perm.CLO_DASHBOARD}),
    CommitteeRole.SECRETARY: frozenset({Perm.CLO_VIEW, Perm.CLO_PROCESS, Perm.CLO_VOTE, Perm.CLO_DASHBOARD}),
    CommitteeRole.ORTHOPEDAGOGUE: frozenset({Perm.CLO_VIEW, Perm.CLO_VOTE, Perm.CLO_ADVISE}),
    CommitteeRole.ADVISOR: frozenset({Perm.CLO_VIEW}),
    CommitteeRole.EXPERT: frozenset({Perm.CLO_ADVISE}),
}

PARTNERSHIP_PERMISSIONS: dict[str, frozenset[str]] = {
    PartnershipRoleKind.STAFF: frozenset({Perm.PARTNERSHIP_DASHBOARD}),
    PartnershipRoleKind.FUNCTIONAL_ADMIN: frozenset({Perm.ORGANISATION_ADMIN, Perm.PARTNERSHIP_DASHBOARD}),
}


def role_label(code: str) -> str:
    """A role as the access log stores it ("ib", or "clo:chair" for a committee seat), in words."""
    if code.startswith("clo:"):
        seat = code.removeprefix("clo:")
        return str(CommitteeRole(seat).label) if seat in CommitteeRole.values else code
    return str(Role(code).label) if code in Role.values else code


def roles_with(permission: str, table: dict[str, frozenset[str]] = ROLE_PERMISSIONS) -> list[str]:
    """The roles in `table` that grant `permission`; used to build SQL filters."""
    return [role for role, perms in table.items() if permission in perms]


def role_grants(role: str, permission: str, table: dict[str, frozenset[str]] = ROLE_PERMISSIONS) -> bool:
    """Whether one role in `table` grants `permission` (for a row in hand, e.g. an imported membership)."""
    return permission in table.get(role, frozenset())


# --- Membership scoping (SQL) -------------------------------------------------------------


def active_memberships(user: AnyUser, *, on: date | None = None) -> QuerySet[SchoolMembership]:
    return SchoolMembership.objects.held_by(user, on=on)


def _is_today(on: date | None) -> bool:
    return on is None or on == timezone.localdate()


def school_ids_with(user: AnyUser, permission: str, *, on: date | None = None) -> list[int]:
    """Ids of the schools where `user` holds an active role that grants `permission`.

    A literal list (from the request's holdings, see `ot_portal.core.holdings`): as a filter it
    costs no subquery, the planner sees the real ids, and an empty list means a branch that the
    user cannot have is left out of the SQL altogether.
    """
    roles = roles_with(permission)
    if not _is_today(on):
        rows = active_memberships(user, on=on).filter(role__in=roles).order_by().values_list("school_id", flat=True)
        return sorted(set(rows))
    return sorted({school for school, role in holdings_of(user).school if role in roles})


def union_of_branches[M: models.Model](model: type[M], branches: list[QuerySet[M]]) -> QuerySet[M]:
    """The rows in any of `branches` of a scope (callers leave out the branches the user cannot
    have): none without a branch, the branch itself when it is alone (a plain filter that the
    planner estimates well), else one `pk IN (... UNION ...)`."""
    if not branches:
        return model._default_manager.none()
    if len(branches) == 1:
        return branches[0]
    ids = [branch.values("pk") for branch in branches]
    return model._default_manager.filter(pk__in=ids[0].union(*ids[1:]))


def has_school_permission(user: AnyUser, school_id: int, permission: str) -> bool:
    return school_id in school_ids_with(user, permission)


def school_users_with(school_id: int, permission: str, *, on: date | None = None) -> QuerySet[User]:
    """Active users with a role in force at the school that grants `permission` (e.g. mail recipients)."""
    members = SchoolMembership.objects.active(on).filter(school_id=school_id, role__in=roles_with(permission))
    return User.objects.filter(is_active=True, pk__in=members.values("user_id"))


def school_permissions(user: AnyUser, school_id: int) -> frozenset[str]:
    """Every permission the user holds at one school (union over their active roles there)."""
    perms: set[str] = set()
    for school, role in holdings_of(user).school:
        if school == school_id:
            perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


def active_committee_memberships(user: AnyUser) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.held_by(user)


def with_votes(seats: QuerySet[CommitteeMembership]) -> QuerySet[CommitteeMembership]:
    """Each committee seat gets `votes`: whether its role grants Perm.CLO_VOTE (for badges and labels)."""
    voting = Q(role__in=roles_with(Perm.CLO_VOTE, COMMITTEE_PERMISSIONS))
    return seats.annotate(votes=ExpressionWrapper(voting, output_field=BooleanField()))


def partnership_ids_with(user: AnyUser, permission: str) -> list[int]:
    """Ids of the partnerships where the user's committee or partnership role grants `permission`."""
    holdings = holdings_of(user)
    committee = roles_with(permission, COMMITTEE_PERMISSIONS)
    staff = roles_with(permission, PARTNERSHIP_PERMISSIONS)
    ids = {p for p, role in holdings.committee if role in committee}
    ids |= {p for p, role in holdings.partnership if role in staff}
    return sorted(ids)


def has_partnership_permission(user: AnyUser, permission: str, partnership_id: int | None = None) -> bool:
    ids = partnership_ids_with(user, permission)
    if partnership_id is None:
        return bool(ids)
    return partnership_id in ids


def user_permissions_summary(user: AnyUser) -> frozenset[str]:
    """All permissions the user holds anywhere; for navigation only, never for object access."""
    holdings = holdings_of(user)
    perms: set[str] = set()
    for _school, role in holdings.school:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    for _partnership, role in holdings.committee:
        perms |= COMMITTEE_PERMISSIONS.get(role, frozenset())
    for _partnership, role in holdings.partnership:
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
    object_type: ObjectType,
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
        # The refusal is logged against the pupil the object concerns, so it shows on that pupil's
        # access log; the requester gets the same 404 as for an unknown UUID.
        audit.log_access(
            request,
            object_type=object_type,
            object_id=object_id,
            action=action,
            outcome="not_found",
            pupil_key=audit.pupil_key_for_lookup(visible.model, **lookup),
        )
        raise Http404 from None
    if allowed is not None and not allowed(obj):
        audit.log_access(
            request, object_type=object_type, object_id=object_id, action=action, outcome="refused", obj=obj
        )
        raise PermissionDenied
    audit.log_access(request, object_type=object_type, object_id=object_id, action=action, obj=obj)
    return obj


def require(
    request: HttpRequest,
    condition: bool,
    *,
    object_type: ObjectType = ObjectType.PAGE,
    object_id: str = "",
    action: str = "view",
    obj: models.Model | None = None,
) -> None:
    """Raise 403 (and log it) unless `condition` holds; for pages that are not one object.
    `obj` names the object the refusal concerns, so it is logged against its pupil."""
    if not condition:
        audit.log_access(
            request, object_type=object_type, object_id=object_id, action=action, outcome="refused", obj=obj
        )
        raise PermissionDenied


def log_list(request: HttpRequest, *, object_type: ObjectType, objects: Iterable[models.Model] = ()) -> None:
    """Log that a list page was shown: one row per pupil among `objects` (the rows on the page),
    in a constant number of queries (see `audit.pupil_keys_of` and `audit.log_pupils_shown`)."""
    audit.log_pupils_shown(request, object_type=object_type, pupil_keys=audit.pupil_keys_of(objects))
