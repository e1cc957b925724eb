"""Reads for the CLO. Every selector takes the user and returns an already scoped queryset.

Visibility of a request (one SQL query, `pk__in=(...).union(...)`):
- the school's IB and director (Perm.REQUEST_VIEW_SCHOOL): every request of their school;
- committee members (Perm.CLO_VIEW): submitted requests of their partnership, never drafts;
- an expert (Perm.CLO_ADVISE): the requests assigned to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.selectors import case_list_for_user
from cases.casefile.workflow import OPEN_STATUSES as OPEN_CASE_STATUSES
from cases.consent.selectors import disciplines_in_force
from cases.growth.selectors import growth_document_for, interventions_for_pupil
from cases.models import Attachment, Case
from clo import checklist, terms
from clo.models import (
    GRANTED_OUTCOMES,
    SCHOOL_ONLY_STATUSES,
    TLV_KINDS,
    CommitteeMeeting,
    CompletenessRequirement,
    Decision,
    ExpertAdvice,
    ExpertAssignment,
    Objection,
    Request,
    RequestStatus,
    RequestStatusChange,
    ThirdPartyReport,
)
from ot_portal.core.access import (
    COMMITTEE_PERMISSIONS,
    AnyUser,
    Perm,
    active_committee_memberships,
    partnership_ids_with,
    roles_with,
    school_ids_with,
    school_permissions,
    union_of_branches,
    with_votes,
)
from ot_portal.core.formats import date_prose
from ot_portal.core.holdings import holdings_of
from ot_portal.core.models import Board, CommitteeMembership, District, Partnership, PartnershipSettings, School

OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INCOMPLETE, RequestStatus.ACCEPTED, RequestStatus.PLANNED)


def _assigned_request_ids(user: AnyUser) -> QuerySet[ExpertAssignment, Any]:
    advising = active_committee_memberships(user).filter(role__in=roles_with(Perm.CLO_ADVISE, COMMITTEE_PERMISSIONS))
    return (
        ExpertAssignment.objects.filter(expert__in=advising.values("pk"))
        .exclude(request__status__in=SCHOOL_ONLY_STATUSES)
        .values("request_id")
    )


def request_list_for_user(*, user: AnyUser) -> QuerySet[Request]:
    """Every request the user may see, as one SQL query: the school's (by whoever may see its
    requests), the committee's (received, past the school's own stages) and those the user was
    assigned to advise on, each branch only when the user holds a role that can have it (an IB's
    scope is a plain filter on their schools, as `case_list_for_user` does for cases)."""
    if not user.is_authenticated:
        return Request.objects.none()
    branches: list[QuerySet[Request]] = []
    schools = school_ids_with(user, Perm.REQUEST_VIEW_SCHOOL)
    if schools:
        branches.append(Request.objects.filter(school_id__in=schools))
    partnerships = partnership_ids_with(user, Perm.CLO_VIEW)
    if partnerships:
        branches.append(
            Request.objects.filter(partnership_id__in=partnerships)
            .exclude(status__in=SCHOOL_ONLY_STATUSES)
            .exclude(received_on__isnull=True)
        )
    if partnership_ids_with(user, Perm.CLO_ADVISE):
        branches.append(Request.objects.filter(pk__in=_assigned_request_ids(user)))
    return union_of_branches(Request, branches)


def committee_permissions(user: AnyUser, partnership_id: int) -> frozenset[str]:
    perms: set[str] = set()
    for partnership, role in holdings_of(user).committee:  # read once per request
        if partnership == partnership_id:
            perms |= COMMITTEE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


def request_permissions(user: AnyUser, request: Request) -> frozenset[str]:
    """Every permission the user holds for this request: at its school and in its committee."""
    return school_permissions(user, request.school_id) | committee_permissions(user, request.partnership_id)


def advising_membership(user: AnyUser, request: Request) -> CommitteeMembership | None:
    """The user's active membership through which they were assigned to advise on this request."""
    if not any(partnership == request.partnership_id for partnership, _role in holdings_of(user).committee):
        return None  # no seat in this committee: nothing to look up
    return (
        active_committee_memberships(user)
        .filter(partnership_id=request.partnership_id, clo_assignments__request=request)
        .select_related("discipline")
        .first()
    )


def request_detail(*, request: Request) -> Request:
    return (
        Request.objects.select_related(
            "school", "school__district", "board", "case", "case__pupil", "meeting", "extends_decision"
        )
        .prefetch_related(
            Prefetch("status_changes", queryset=RequestStatusChange.objects.select_related("changed_by")),
            Prefetch("advices", queryset=ExpertAdvice.objects.select_related("author", "discipline")),
            Prefetch(
                "assignments", queryset=ExpertAssignment.objects.select_related("expert__user", "expert__discipline")
            ),
            "reports",
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at")),
        )
        .get(pk=request.pk)
    )


# --- Terms ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermInfo:
    received_on: date | None
    due: date | None
    days_left: int | None
    suspended: bool
    suspended_days: int
    at_risk: bool


def suspension_periods(changes: Iterable[RequestStatusChange]) -> list[terms.Period]:
    """Periods in 'incomplete' from the (prefetched) history, oldest first."""
    periods: list[terms.Period] = []
    start = None
    for change in sorted(changes, key=lambda c: (c.changed_at, c.pk)):
        day = timezone.localdate(change.changed_at)
        if change.to_status == RequestStatus.INCOMPLETE:
            start = day
        elif change.from_status == RequestStatus.INCOMPLETE and start is not None:
            periods.append((start, day))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def term_for(request: Request, *, term_weeks: int, today: date | None = None) -> TermInfo:
    today = today or timezone.localdate()
    if request.received_on is None:
        return TermInfo(None, None, None, False, 0, False)
    periods = suspension_periods(request.status_changes.all())
    due = terms.decision_due(received_on=request.received_on, term_weeks=term_weeks, periods=periods, today=today)
    suspended = terms.is_suspended(periods)
    open_ = request.status in OPEN_STATUSES
    return TermInfo(
        received_on=request.received_on,
        due=due,
        days_left=terms.days_left(due=due, today=today) if open_ else None,
        suspended=suspended,
        suspended_days=terms.suspended_days(periods, today=today),
        at_risk=open_ and terms.is_at_risk(due=due, today=today, suspended=suspended),
    )


def term_weeks_for(partnership_id: int) -> int:
    settings_row = PartnershipSettings.objects.filter(partnership_id=partnership_id).first()
    return settings_row.decision_term_weeks if settings_row else 8


def queue_for_user(*, user: AnyUser, status: str = "") -> QuerySet[Request]:
    """The secretary's incoming queue: open requests of the partnerships they process."""
    qs = (
        Request.objects.filter(
            partnership_id__in=partnership_ids_with(user, Perm.CLO_PROCESS), status__in=OPEN_STATUSES
        )
        .select_related("school", "board", "meeting", "partnership__settings", "case__pupil")
        .prefetch_related("status_changes")
        .order_by("received_on", "pk")
    )
    if status in OPEN_STATUSES:
        qs = qs.filter(status=status)
    return qs


def queue_rows(requests: Iterable[Request], *, today: date | None = None) -> list[tuple[Request, TermInfo]]:
    rows: list[tuple[Request, TermInfo]] = []
    for r in requests:
        weeks = getattr(getattr(r.partnership, "settings", None), "decision_term_weeks", 8)
        rows.append((r, term_for(r, term_weeks=weeks, today=today)))
    return rows


def queue_at_risk(queue: QuerySet[Request], *, today: date | None = None) -> list[tuple[Request, TermInfo]]:
    """The rows of the whole queue (not only the page shown) at risk of exceeding the decision term.

    Suspension only moves a due date later, so a request received less than its term minus the
    margin ago cannot be at risk: SQL leaves those out, `term_for` decides on the rest.
    """
    today = today or timezone.localdate()
    partnerships = set(queue.order_by().values_list("partnership_id", flat=True).distinct())
    weeks = dict(
        PartnershipSettings.objects.filter(partnership_id__in=partnerships).values_list(
            "partnership_id", "decision_term_weeks"
        )
    )
    candidates = Q(pk__in=[])
    for partnership_id in partnerships:
        latest = today + timedelta(days=terms.AT_RISK_DAYS) - timedelta(weeks=weeks.get(partnership_id, 8))
        candidates |= Q(partnership_id=partnership_id, received_on__lte=latest)
    return [row for row in queue_rows(queue.filter(candidates), today=today) if row[1].at_risk]


def school_requests_for_user(*, user: AnyUser) -> QuerySet[Request]:
    return (
        request_list_for_user(user=user).select_related("school", "board", "case__pupil").order_by("-created_at", "-pk")
    )


# --- Completeness --------------------------------------------------------------------------------


def uncovered_reports(*, request: Request, on: date | None = None) -> list[ThirdPartyReport]:
    """Attached reports no consent in force covers (they may not go to the committee)."""
    covered = disciplines_in_force(pupil=request.case.pupil, on=on)
    return [r for r in request.reports.all() if r.author_discipline not in covered]


def covered_reports(*, request: Request) -> list[ThirdPartyReport]:
    uncovered = {r.pk for r in uncovered_reports(request=request)}
    return [r for r in request.reports.all() if r.pk not in uncovered]


def checklist_for(*, request: Request, uncovered: list[ThirdPartyReport] | None = None) -> list[checklist.CheckResult]:
    """`uncovered`: the request's `uncovered_reports`, when the caller has read them already."""
    configured = CompletenessRequirement.objects.filter(
        partnership_id=request.partnership_id, kind=request.kind
    ).values_list("check_code", flat=True)
    checks = checklist.checks_for(request.kind, list(configured))
    if uncovered is None:
        uncovered = uncovered_reports(request=request)
    return checklist.evaluate(request, checks=checks, uncovered_reports=uncovered)


# --- Cases: what a request is built from ---------------------------------------------------------


def cases_for_request(*, user: AnyUser) -> QuerySet[Case]:
    """Cases the user may build a request from: visible to them, at a school where they prepare."""
    return case_list_for_user(user=user).filter(school_id__in=school_ids_with(user, Perm.REQUEST_PREPARE))


def case_substantiation(*, user: AnyUser, case: Case) -> dict[str, Any]:
    """The substantiation assembled from the case: the groeidocument (support needs, OPP part,
    parents' view) and the interventions with their evaluations, read through cases.selectors.
    The IB checks and completes it; basic support is not recorded in the case and stays empty."""
    document = growth_document_for(pupil=case.pupil)
    interventions = [i for i in interventions_for_pupil(user=user, pupil=case.pupil)]
    data: dict[str, Any] = {}
    if document is not None:
        needs = [t for t in (document.educational_needs, document.support_needs) if t.strip()]
        data["support_needs"] = "\n\n".join(needs)
        if document.has_opp:
            parts = []
            if document.opp_exit_destination:
                label = _("Expected exit destination")
                parts.append(f"{label}: {document.get_opp_exit_destination_display()}")
            parts += [t for t in (document.opp_exit_justification, document.opp_deviations) if t.strip()]
            data["development_perspective"] = "\n".join(parts)
        data["extra_support"] = document.opp_support_given
        data["parents_view"] = document.parents_view
    if interventions:
        lines = []
        for i in sorted(interventions, key=lambda i: (i.starts_on, i.pk)):
            period = date_prose(i.starts_on) + (f" – {date_prose(i.ends_on)}" if i.ends_on else "")
            result = i.evaluation.strip() or str(_("not evaluated yet"))
            lines.append(f"- {i.description} ({i.get_level_display()}, {period}): {result}")
        data["interventions"] = "\n".join(lines)
        data["interventions_evaluated"] = all(i.evaluated_on for i in interventions)
    return {k: v[:4000] if isinstance(v, str) else v for k, v in data.items()}


#: A request in one of these statuses is finished; a new one may be started for the case.
CLOSED_REQUEST_STATUSES = frozenset({RequestStatus.DECIDED, RequestStatus.WITHDRAWN})


def requests_for_case(*, user: AnyUser, case: Case) -> QuerySet[Request]:
    """The case's requests the user may see, newest first (for the case page)."""
    return request_list_for_user(user=user).filter(case=case).order_by("-created_at", "-pk")


def may_start_request(*, user: AnyUser, case: Case) -> bool:
    """A new request is started from an open case, by whoever prepares requests at its school."""
    return case.status in OPEN_CASE_STATUSES and Perm.REQUEST_PREPARE in school_permissions(user, case.school_id)


def case_reports_for_user(*, user: AnyUser, case: Case) -> QuerySet[Attachment]:
    """Third-party reports attached to this case, if the user may see the case."""
    return Attachment.objects.filter(
        case__in=case_list_for_user(user=user), case=case, is_third_party_report=True
    ).order_by("-uploaded_at", "-pk")


# --- Committee -----------------------------------------------------------------------------------


def meeting_list_for_user(*, user: AnyUser) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(partnership_id__in=partnership_ids_with(user, Perm.CLO_VIEW)).order_by(
        "-date", "-pk"
    )


def meeting_detail(*, meeting: CommitteeMeeting) -> CommitteeMeeting:
    return (
        CommitteeMeeting.objects.select_related("partnership")
        .prefetch_related(
            Prefetch("members_present", queryset=with_votes(CommitteeMembership.objects.select_related("user"))),
            Prefetch("requests", queryset=Request.objects.select_related("school", "case__pupil").order_by("pk")),
            "votes__member__user",
        )
        .get(pk=meeting.pk)
    )


def plannable_meetings(*, request: Request) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(
        partnership_id=request.partnership_id, date__gte=timezone.localdate()
    ).order_by("date")


def advisers_for(*, request: Request) -> QuerySet[CommitteeMembership]:
    """Active committee members who may advise (expert or orthopedagogue with a discipline)."""
    return (
        CommitteeMembership.objects.active()
        .filter(
            partnership_id=request.partnership_id,
            role__in=roles_with(Perm.CLO_ADVISE, COMMITTEE_PERMISSIONS),
            discipline__isnull=False,
            user__is_active=True,
        )
        .select_related("user", "discipline")
        .order_by("user__full_name")
    )


# --- Decisions, register, objections -------------------------------------------------------------


def decisions_for_user(*, user: AnyUser) -> QuerySet[Decision]:
    return Decision.objects.filter(request__in=request_list_for_user(user=user))


def register_for_user(
    *,
    user: AnyUser,
    school: School | None = None,
    board: Board | None = None,
    district: District | None = None,
    kind: str = "",
    expiring: bool = False,
) -> QuerySet[Decision]:
    """Toelaatbaarheidsverklaringen in force or issued: granted TLV decisions not superseded."""
    qs = (
        Decision.objects.filter(
            request__partnership_id__in=partnership_ids_with(user, Perm.CLO_VIEW),
            outcome__in=GRANTED_OUTCOMES,
            kind__in=TLV_KINDS,
            superseded=False,
        )
        .select_related(
            "request__school__district", "request__board", "request__partnership__settings", "request__case__pupil"
        )
        .order_by("ends_on", "pk")
    )
    if school:
        qs = qs.filter(request__school=school)
    if board:
        qs = qs.filter(request__board=board)
    if district:
        qs = qs.filter(request__school__district=district)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


@dataclass(frozen=True)
class RegisterRow:
    decision: Decision
    reassess_by: date | None
    in_force: bool
    alert: bool


#: Days before the re-assessment deadline from which the register raises an alert.
ALERT_DAYS = 183


def register_alerts(decisions: QuerySet[Decision], *, today: date | None = None) -> list[RegisterRow]:
    """The rows of `decisions` with an alert (see `register_rows`), in register order. Only TLVs
    in force whose end is near enough for the deadline (at most about 15 months before the end)
    to fall within the alert window are read."""
    today = today or timezone.localdate()
    near = decisions.filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=today + timedelta(days=ALERT_DAYS + 500)
    )
    return [row for row in register_rows(near, today=today) if row.alert]


def register_rows(
    decisions: Iterable[Decision], *, today: date | None = None, alert_days: int = ALERT_DAYS
) -> list[RegisterRow]:
    """Add the re-assessment deadline and an alert from half a year before it (or once passed)
    while the TLV is in force: the school needs that time to prepare a re-assessment request."""
    today = today or timezone.localdate()
    rows = []
    for d in decisions:
        s = getattr(d.request.partnership, "settings", None)
        deadline = (
            terms.reassessment_deadline(
                ends_on=d.ends_on,
                month=getattr(s, "reassessment_deadline_month", 4),
                day=getattr(s, "reassessment_deadline_day", 15),
            )
            if d.ends_on
            else None
        )
        in_force = bool(d.starts_on and d.ends_on and d.starts_on <= today <= d.ends_on)
        alert = in_force and deadline is not None and (deadline - today).days <= alert_days
        rows.append(RegisterRow(d, deadline, in_force, alert))
    return rows


def objection_visible_for_user(*, user: AnyUser) -> QuerySet[Objection]:
    return Objection.objects.filter(
        Q(decision__request__partnership_id__in=partnership_ids_with(user, Perm.CLO_VIEW))
        | Q(decision__request__school_id__in=school_ids_with(user, Perm.REQUEST_VIEW_SCHOOL))
    )


def current_decision(*, request: Request) -> Decision | None:
    return request.decisions.filter(superseded=False).order_by("-created_at", "-pk").first()


def extendable_decisions(*, user: AnyUser, case: Case) -> QuerySet[Decision]:
    """Granted TLVs of this case the user may see: the ones an extension request can refer to."""
    return Decision.objects.filter(
        request__in=request_list_for_user(user=user).filter(case=case),
        outcome__in=GRANTED_OUTCOMES,
        kind__in=TLV_KINDS,
        superseded=False,
    )


def awaiting_my_advice(*, user: AnyUser) -> list[Request]:
    """Open requests the user was asked to advise on and has not advised on yet."""
    if not user.is_authenticated:
        return []
    mine = active_committee_memberships(user).values("pk")
    return list(
        Request.objects.filter(assignments__expert__in=mine, status__in=OPEN_STATUSES)
        .exclude(advices__expert__in=mine)
        .select_related("school", "case__pupil")
        .distinct()
        .order_by("received_on", "pk")[:20]
    )


def processing_partnership(*, user: AnyUser) -> Partnership | None:
    """The partnership whose CLO the user processes (the secretary's), or None."""
    return Partnership.objects.filter(pk__in=partnership_ids_with(user, Perm.CLO_PROCESS)).order_by("pk").first()


def committee_members(*, partnership: Partnership) -> QuerySet[CommitteeMembership]:
    """The partnership's seats in force, each with `votes` (see core.access.with_votes)."""
    return with_votes(
        CommitteeMembership.objects.active()
        .filter(partnership=partnership, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def register_filter_choices(*, user: AnyUser) -> dict[str, QuerySet[Any]]:
    """Schools, boards and districts of the partnerships whose register the user sees."""
    ids = partnership_ids_with(user, Perm.CLO_VIEW)
    return {
        "schools": School.objects.filter(board__partnership_id__in=ids),
        "boards": Board.objects.filter(partnership_id__in=ids),
        "districts": District.objects.filter(partnership_id__in=ids),
    }


def agenda_request(*, meeting: CommitteeMeeting, uuid: UUID) -> Request | None:
    """A request on this meeting's agenda (a crafted UUID of another request gives None)."""
    return meeting.requests.filter(uuid=uuid).first()
