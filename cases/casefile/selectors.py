"""Reads of the case file (the case, its status and care level, regie, notes, interventions,
attachments): every selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from cases.actions.models import Action, ActionStatus, overdue_q
from cases.casefile.models import (
    OPEN_CASE_STATUSES,
    Case,
    CaseGrant,
    CaseLeadChange,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    Intervention,
)
from cases.consent.selectors import consent_scope, consent_state_sql
from cases.pupils.models import Pupil
from cases.pupils.selectors import own_group_pupil_ids
from ot_portal.core.access import (
    AnyUser,
    Perm,
    roles_with,
    school_ids_with,
    school_users_with,
    union_of_branches,
)
from ot_portal.core.models import School, SchoolMembership, User


def granted_case_ids(user: User, *, at: datetime | None = None) -> QuerySet[CaseGrant, Any]:
    """Ids of cases granted to the user that are still in force, at a school where the user
    still holds an active external membership (an ended membership loses access at once)."""
    return (
        CaseGrant.objects.active(at=at)
        .filter(
            user=user,
            content_object__school_id__in=school_ids_with(user, Perm.CASE_VIEW_GRANTED),
        )
        .values("content_object_id")
    )


def case_list_for_user(*, user: AnyUser) -> QuerySet[Case]:
    """Every case the user may see, as one SQL query: the school-wide scope, the own groups
    (teachers) and the grants (externals), each branch only when the user holds a role that can
    have it, so an IB's scope is a plain filter on their schools and no plan depends on guesses
    about branches that return nothing."""
    if not user.is_authenticated:
        return Case.objects.none()
    all_school = school_ids_with(user, Perm.CASE_VIEW_ALL)
    branches: list[QuerySet[Case]] = []
    if school_ids_with(user, Perm.CASE_VIEW_OWN_GROUPS):
        branches.append(Case.objects.filter(pupil_id__in=own_group_pupil_ids(user, Perm.CASE_VIEW_OWN_GROUPS)))
    if school_ids_with(user, Perm.CASE_VIEW_GRANTED):
        branches.append(Case.objects.filter(pk__in=granted_case_ids(user)))
    if all_school:
        branches.insert(0, Case.objects.filter(school_id__in=all_school))
    return union_of_branches(Case, branches)


def cases_of_pupil_for_user(*, user: AnyUser, pupil: Pupil) -> list[Case]:
    """The pupil's cases the user may open, the open one first: the way back to the case from the
    pupil's groeidocument and consent pages."""
    return list(
        case_list_for_user(user=user)
        .filter(pupil=pupil)
        .order_by(F("closed_on").asc(nulls_first=True), "-opened_on", "-pk")[:5]
    )


def regie_candidates(*, case: Case) -> QuerySet[User]:
    """Who may hold regie: the school's staff whose role grants Perm.CASE_REGIE, or an external
    while granted this case."""
    staff = school_users_with(case.school_id, Perm.CASE_REGIE).values("pk")
    granted = (
        CaseGrant.objects.active()
        .filter(
            content_object=case,
            user__school_memberships__in=SchoolMembership.objects.active().filter(school_id=case.school_id),
        )
        .values("user_id")
    )
    return User.objects.filter(pk__in=staff.union(granted)).order_by("full_name")


#: The case list's status filter: one status, or every open one.
OPEN_FILTER = "open"


def case_search(
    *, user: User, query: str = "", status: str = "", school_uuid: UUID | None = None, consent: str = ""
) -> QuerySet[Case]:
    """The user's case list, searched by pupil name or number, filtered by status ("open": any
    open status), school and the pupil's consent state today (`consent_state_sql`, the consent
    package's one definition, also behind the director's consent coverage)."""
    qs = case_list_for_user(user=user).select_related("pupil", "school", "lead")
    if status == OPEN_FILTER:
        qs = qs.filter(status__in=OPEN_CASE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if school_uuid is not None:
        qs = qs.filter(school__uuid=school_uuid)
    if consent:
        qs = qs.annotate(consent_state=consent_state_sql("pupil_id", timezone.localdate())).filter(
            consent_state=consent
        )
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(pupil__first_name__icontains=word)
            | Q(pupil__last_name__icontains=word)
            | Q(pupil__pupil_number__iexact=word)
        )
    today = timezone.localdate()
    # Counted per row in a subquery, not by joining every action and grouping: the page's count
    # needs no join at all, and PostgreSQL counts the actions of the 25 rows shown only.
    return qs.annotate(
        open_actions=_action_count(Q(status=ActionStatus.OPEN)),
        overdue_actions=_action_count(overdue_q(today)),
    ).order_by("-last_activity_at", "-pk")


def notes_for_user(*, case: Case, user: AnyUser) -> QuerySet[CaseNote]:
    """The case's consultations the user may read: shared with the team, or their own working notes."""
    return case.notes.filter(Q(author_only=False) | Q(author_id=user.pk)).select_related("author")


def _action_count(condition: Q) -> Coalesce:
    actions = Action.objects.filter(condition, case_id=OuterRef("pk")).order_by().values("case_id")
    return Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), 0)


def case_page_data(*, case: Case, user: AnyUser) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries however much there is."""
    scope = consent_scope(pupil=case.pupil)

    actions = list(
        case.actions.select_related("owner")
        .annotate(
            owner_lost_access=ExpressionWrapper(
                Q(status=ActionStatus.OPEN) & owner_lost_access_q(), output_field=BooleanField()
            )
        )
        .order_by("status", "due_on", "pk")
    )
    return {
        "actions": actions,
        "interventions": list(case.interventions.all()),
        "notes": list(notes_for_user(case=case, user=user)),
        "attachments": list(case.attachments.select_related("uploaded_by")),
        "events": list(case.events.select_related("actor")[:100]),
        **_case_history(case),
        # The current version read once: the scope panel and "in force" come from the same row.
        "consent_scope": scope,
        "consent": scope.consent if scope.in_force else None,
    }


@dataclass(frozen=True)
class StatusChangeRow:
    changed_at: datetime
    to_status: str
    reason: str
    changed_by_name: str

    def get_to_status_display(self) -> StrOrPromise:
        return CaseStatus(self.to_status).label


@dataclass(frozen=True)
class RegieChangeRow:
    changed_at: datetime
    from_holder_name: str | None
    to_holder_name: str
    note: str


def _case_history(case: Case) -> dict[str, list[StatusChangeRow] | list[RegieChangeRow]]:
    """The status changes and the regie handovers of the case page, read in one query (a UNION ALL
    of both tables, every column an annotation so both sides line up), oldest first."""
    columns = ("h_kind", "h_at", "h_pk", "h_status", "h_text", "h_by", "h_from", "h_to")
    text = CharField()
    statuses = CaseStatusChange.objects.filter(case=case).annotate(
        h_kind=Value("s", output_field=text),
        h_at=F("changed_at"),
        h_pk=F("pk"),
        h_status=F("to_status"),
        h_text=F("reason"),
        h_by=F("changed_by__full_name"),
        h_from=Value(None, output_field=text),
        h_to=Value(None, output_field=text),
    )
    handovers = CaseLeadChange.objects.filter(case=case).annotate(
        h_kind=Value("l", output_field=text),
        h_at=F("changed_at"),
        h_pk=F("pk"),
        h_status=Value("", output_field=text),
        h_text=F("note"),
        h_by=Value(None, output_field=text),
        h_from=F("from_lead__full_name"),
        h_to=F("to_lead__full_name"),
    )
    rows = (
        statuses.order_by().values_list(*columns).union(handovers.order_by().values_list(*columns), all=True).order_by()
    )
    status_changes: list[StatusChangeRow] = []
    regie_changes: list[RegieChangeRow] = []
    for kind, at, _pk, status, note, by, from_name, to_name in sorted(rows, key=lambda row: (row[1], row[2])):
        if kind == "s":
            status_changes.append(StatusChangeRow(changed_at=at, to_status=status, reason=note, changed_by_name=by))
        else:
            regie_changes.append(
                RegieChangeRow(changed_at=at, from_holder_name=from_name, to_holder_name=to_name, note=note)
            )
    return {"status_changes": status_changes, "regie_changes": regie_changes}


def schools_with(*, user: AnyUser, permission: str) -> QuerySet[School]:
    """Schools where the user holds `permission` (for school pickers), by name."""
    return School.objects.filter(pk__in=school_ids_with(user, permission)).order_by("name")


def intervention_of_case(*, case: Case, intervention_uuid: UUID | str) -> Intervention | None:
    return case.interventions.filter(uuid=intervention_uuid).first()


def _owner_has_access() -> Q:
    """SQL, on an Action queryset: the action's owner may still open the action's case."""
    staff = SchoolMembership.objects.active().filter(
        user_id=OuterRef("owner_id"),
        user__is_active=True,
        school_id=OuterRef("case__school_id"),
        role__in=roles_with(Perm.CASE_VIEW_ALL) + roles_with(Perm.CASE_VIEW_OWN_GROUPS),
    )
    granted = CaseGrant.objects.active().filter(user_id=OuterRef("owner_id"), content_object_id=OuterRef("case_id"))
    external = SchoolMembership.objects.active().filter(
        user_id=OuterRef("owner_id"),
        user__is_active=True,
        school_id=OuterRef("case__school_id"),
        role__in=roles_with(Perm.CASE_VIEW_GRANTED),
    )
    return Exists(staff) | (Exists(granted) & Exists(external))


def owner_lost_access_q() -> Q:
    """Filter for open actions whose owner (a user) can no longer open the case."""
    return Q(owner__isnull=False) & ~Q(_owner_has_access())
