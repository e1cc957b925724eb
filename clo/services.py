"""Writes for the CLO. Keyword-only, one transaction, rules checked here (not only in forms),
full_clean() before save(), and every step on the case timeline through cases.services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.services import case_escalate_to_clo
from cases.casefile.timeline import case_event_add
from cases.casefile.workflow import OPEN_STATUSES as OPEN_CASE_STATUSES
from cases.models import Attachment, Case
from clo import selectors, terms, workflow
from clo.models import (
    GRANTED_OUTCOMES,
    TLV_KINDS,
    CommitteeMeeting,
    Decision,
    DecisionOutcome,
    ExpertAdvice,
    ExpertAssignment,
    Objection,
    ObjectionOutcome,
    Request,
    RequestKind,
    RequestStatus,
    RequestStatusChange,
    ThirdPartyReport,
    Vote,
)
from ot_portal.core.access import (
    COMMITTEE_PERMISSIONS,
    Perm,
    active_committee_memberships,
    roles_with,
    school_users_with,
)
from ot_portal.core.locking import check_version
from ot_portal.core.models import CommitteeMembership, Partnership, PartnershipSettings, User

EDITABLE_STATUSES = frozenset({RequestStatus.DRAFT, RequestStatus.INCOMPLETE})
SUBSTANTIATION_FIELDS = (
    "support_needs",
    "development_perspective",
    "interventions",
    "interventions_evaluated",
    "basic_support",
    "extra_support",
    "parents_view",
    "parents_agree",
)


def _require(actor: User, request: Request, permission: str) -> None:
    if permission not in selectors.request_permissions(actor, request):
        raise PermissionDenied


def _timeline(*, request: Request, actor: User, step: str, kind: str = "clo", **params: Any) -> None:
    # A step code and its params, without names: the timeline is shown to everyone on the case and
    # reads in the reader's language (clo/timeline_texts.py).
    case_event_add(
        case=request.case,
        kind=kind,
        message="clo_request",
        params={"request_kind": request.kind, "reference": request.reference, "step": step, **params},
        actor=actor,
        source_app="clo",
        source_id=str(request.uuid),
    )


def _settings(partnership_id: int) -> PartnershipSettings:
    row, _created = PartnershipSettings.objects.get_or_create(partnership_id=partnership_id)
    return row


# --- Request ------------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    funding_category: str = "",
    arrangement_type: str = "",
    extends_decision: Decision | None = None,
    substantiation: Mapping[str, Any] | None = None,
) -> Request:
    """Start a request from a case; the school board is the applicant, the IB prepares it."""
    school = case.school
    request = Request(
        partnership_id=school.board.partnership_id,
        school=school,
        board=school.board,
        case=case,
        kind=kind,
        funding_category=funding_category,
        arrangement_type=arrangement_type,
        extends_decision=extends_decision,
        prepared_by=actor,
        **{k: v for k, v in (substantiation or {}).items() if k in SUBSTANTIATION_FIELDS},
    )
    _require(actor, request, Perm.REQUEST_PREPARE)
    if case.status not in OPEN_CASE_STATUSES:
        raise ValidationError(_("This case is closed. Reopen it before you start a CLO request."))
    if extends_decision is not None and (
        extends_decision.request.school_id != school.id or not extends_decision.is_granted
    ):
        raise ValidationError({"extends_decision": _("Choose a granted TLV of this school.")})
    request.full_clean()
    request.save()
    RequestStatusChange.objects.create(request=request, from_status="", to_status=RequestStatus.DRAFT, changed_by=actor)
    _timeline(request=request, actor=actor, step="started")
    return request


@transaction.atomic
def request_update(*, actor: User, request: Request, version: int, **fields: Any) -> Request:
    """Edit the substantiation and kind while the school holds the request (draft or incomplete)."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    _require(actor, locked, Perm.REQUEST_PREPARE)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This request can no longer be changed."))
    check_version(
        locked,
        version,
        message=_("Someone else saved this request in the meantime. Your text is kept below; check it and save again."),
    )
    allowed = {*SUBSTANTIATION_FIELDS, "kind", "funding_category", "arrangement_type", "extends_decision"}
    for name, value in fields.items():
        if name in allowed:
            setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def request_transition(
    *, actor: User, request: Request, to_status: str, reason: str = "", missing_items: list[str] | None = None
) -> Request:
    """Move a request along ALLOWED_TRANSITIONS under a row lock and append the history row."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    permission = workflow.permission_for(locked.status, to_status)
    if permission is None:
        raise ValidationError(
            _("A request with status “%(from)s” cannot become “%(to)s”.")
            % {
                "from": locked.get_status_display(),
                "to": RequestStatus(to_status).label if to_status in RequestStatus.values else to_status,
            }
        )
    _require(actor, locked, permission)
    if to_status == RequestStatus.INCOMPLETE and not (missing_items or reason.strip()):
        raise ValidationError(_("Tell the school what is missing."))
    if to_status == RequestStatus.DECIDED and not locked.decisions.filter(superseded=False).exists():
        raise ValidationError(_("Record the decision first."))
    if to_status == RequestStatus.PLANNED and locked.meeting_id is None:
        raise ValidationError(_("Choose a CLO meeting."))
    from_status = locked.status
    now = timezone.now()
    if from_status == RequestStatus.READY and to_status == RequestStatus.SUBMITTED:
        locked.confirmed_by = actor
        locked.confirmed_at = now
        locked.received_on = timezone.localdate(now)
        case_escalate_to_clo(actor=actor, case=locked.case, reason=_("Request submitted to the CLO"))
    if to_status == RequestStatus.ACCEPTED and from_status == RequestStatus.PLANNED:
        locked.meeting = None
    locked.status = to_status
    locked.version += 1
    locked.save()
    RequestStatusChange.objects.create(
        request=locked,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:1000],
        missing_items=list(missing_items or []),
        changed_by=actor,
        changed_at=now,
    )
    resubmitted = to_status == RequestStatus.SUBMITTED and from_status != RequestStatus.READY
    _timeline(request=locked, actor=actor, step="resubmitted" if resubmitted else str(to_status))
    if to_status == RequestStatus.INCOMPLETE:
        missing = list(missing_items or [])
        transaction.on_commit(lambda: _mail_missing_parts(request=locked, missing=missing, reason=reason))
    return locked


def _mail_missing_parts(*, request: Request, missing: list[str], reason: str) -> None:
    """Tell the school (roles with Perm.REQUEST_NOTICES) what the CLO needs. No pupil name: only the reference."""
    recipients = list(school_users_with(request.school_id, Perm.REQUEST_NOTICES).values_list("email", flat=True))
    if not recipients:
        return
    lines = [
        _("The CLO needs more before it can decide on request %(reference)s:") % {"reference": request.reference},
        "",
        *[f"- {item}" for item in missing],
    ]
    if reason.strip():
        lines += ["", reason.strip()]
    lines += ["", _("The decision term is suspended until the school has completed the file (Awb 4:15).")]
    send_mail(
        subject=_("CLO request %(reference)s: please complete the file") % {"reference": request.reference},
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )


@transaction.atomic
def report_add(
    *,
    actor: User,
    request: Request,
    title: str,
    author: str,
    author_discipline: str,
    report_date: date,
    attachment: Attachment | None = None,
) -> ThirdPartyReport:
    """Attach a third-party report; it reaches the committee only while consent covers it."""
    _require(actor, request, Perm.REQUEST_PREPARE)
    if request.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This request can no longer be changed."))
    if attachment is not None and attachment.pk not in {
        a.pk for a in selectors.case_reports_for_user(user=actor, case=request.case)
    }:
        raise ValidationError({"attachment": _("Choose a third-party report of this case.")})
    report = ThirdPartyReport(
        request=request,
        attachment=attachment,
        title=title,
        author=author,
        author_discipline=author_discipline,
        report_date=report_date,
        added_by=actor,
    )
    report.full_clean()
    report.save()
    return report


# --- Secretary: planning, experts ---------------------------------------------------------------


def _require_partnership(actor: User, partnership_id: int, permission: str) -> None:
    if permission not in selectors.committee_permissions(actor, partnership_id):
        raise PermissionDenied


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    partnership: Partnership,
    date: date,
    location: str = "",
    members_present: Iterable[CommitteeMembership] = (),
) -> CommitteeMeeting:
    _require_partnership(actor, partnership.pk, Perm.CLO_PROCESS)
    meeting = CommitteeMeeting(partnership=partnership, date=date, location=location, created_by=actor)
    meeting.full_clean()
    meeting.save()
    members = list(members_present)
    if any(m.partnership_id != partnership.pk for m in members):
        raise ValidationError(_("Only members of this committee can be present."))
    meeting.members_present.set(members)
    return meeting


def _locked(request: Request) -> Request:
    """The request row, locked for this transaction: writes that check-then-insert run one at a time."""
    return Request.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_plan(*, actor: User, request: Request, meeting: CommitteeMeeting) -> Request:
    """Plan an accepted request into a CLO meeting (status 'planned')."""
    _require(actor, request, Perm.CLO_PROCESS)
    request = _locked(request)
    if meeting.partnership_id != request.partnership_id:
        raise ValidationError(_("That meeting belongs to another committee."))
    if request.received_on and meeting.date < request.received_on:
        raise ValidationError(_("The meeting cannot be before the request was received."))
    Request.objects.filter(pk=request.pk).update(meeting=meeting)
    request.meeting = meeting
    return request_transition(actor=actor, request=request, to_status=RequestStatus.PLANNED)


@transaction.atomic
def expert_assign(*, actor: User, request: Request, expert: CommitteeMembership) -> ExpertAssignment:
    _require(actor, request, Perm.CLO_PROCESS)
    request = _locked(request)
    if request.status not in selectors.OPEN_STATUSES:
        raise ValidationError(_("Experts can only be asked on an open request."))
    if expert.partnership_id != request.partnership_id or not expert.is_active() or not expert.discipline_id:
        raise ValidationError(_("Choose an active expert of this committee with a discipline."))
    if request.assignments.filter(expert=expert).exists():
        raise ValidationError(_("This expert has already been asked."))
    assignment = ExpertAssignment(request=request, expert=expert, assigned_by=actor)
    assignment.full_clean()
    assignment.save()
    _timeline(
        request=request,
        actor=actor,
        step="expert_asked",
        discipline=expert.discipline.name if expert.discipline is not None else "",  # checked above: it has one
    )
    return assignment


@transaction.atomic
def advice_give(*, actor: User, request: Request, recommendation: str, advice: str) -> ExpertAdvice:
    """Deskundigenadvies by an expert assigned to this request."""
    membership = selectors.advising_membership(actor, request)
    if membership is None or Perm.CLO_ADVISE not in selectors.committee_permissions(actor, request.partnership_id):
        raise PermissionDenied
    request = _locked(request)
    if request.status not in (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.PLANNED):
        raise ValidationError(_("Advice can only be given on a request under consideration."))
    if request.advices.filter(expert=membership).exists():
        raise ValidationError(_("You have already given your advice on this request."))
    item = ExpertAdvice(
        request=request,
        expert=membership,
        author=actor,
        discipline=membership.discipline,
        recommendation=recommendation,
        advice=advice,
    )
    item.full_clean()
    item.save()
    _timeline(
        request=request,
        actor=actor,
        step="advice_given",
        discipline=item.discipline.name,  # the membership's, copied onto the advice
    )
    return item


def two_expert_problems(advices: Iterable[ExpertAdvice]) -> list[str]:
    """Why the advices do not (yet) allow a TLV decision; empty when they do.

    Two advices are needed from two experts: at least one orthopedagogue or psychologist (a primary
    discipline), and a second from another discipline on the partnership's list.
    """
    advices = list(advices)
    problems = []
    if len({a.expert_id for a in advices}) < 2:
        problems.append(_("A TLV needs two expert advices; there are %(n)d.") % {"n": len(advices)})
    primaries = [a for a in advices if a.discipline.is_primary]
    if not primaries:
        problems.append(_("At least one advice must come from an orthopedagogue or psychologist."))
    elif len(advices) >= 2 and not any(b.discipline_id != a.discipline_id for a in primaries for b in advices):
        problems.append(_("The second advice must come from another discipline than the first."))
    return problems


@transaction.atomic
def vote_cast(*, actor: User, meeting: CommitteeMeeting, request: Request, choice: str) -> Vote:
    """A voting member's vote (a seat that grants Perm.CLO_VOTE); advisory members are refused."""
    voting = list(
        active_committee_memberships(actor)
        .filter(partnership_id=meeting.partnership_id, role__in=roles_with(Perm.CLO_VOTE, COMMITTEE_PERMISSIONS))
        .order_by("pk")
    )
    if not voting:
        raise PermissionDenied(_("Advisory members advise but cannot vote."))
    member = voting[0]
    request = Request.objects.get(pk=request.pk)
    if request.meeting_id != meeting.pk or not request.is_planned:
        raise ValidationError(_("This request is not on this meeting's agenda."))
    present = set(meeting.members_present.values_list("pk", flat=True))
    if present and member.pk not in present:
        raise ValidationError(_("Only members present at the meeting can vote."))
    vote, _created = Vote.objects.select_for_update().get_or_create(
        meeting=meeting, request=request, member=member, defaults={"choice": choice}
    )
    if vote.choice != choice:
        vote.choice = choice
        vote.cast_at = timezone.now()
    vote.full_clean()
    vote.save()
    return vote


# --- Decision -----------------------------------------------------------------------------------


def _next_number(partnership: Partnership, year: int) -> str:
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    prefix = f"CLO-{year}-"
    last = (
        Decision.objects.filter(request__partnership=partnership, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def default_tlv_period(*, partnership_id: int, starts_on: date) -> tuple[date, date]:
    s = _settings(partnership_id)
    return starts_on, terms.tlv_default_end(
        starts_on=starts_on, school_years=s.tlv_default_school_years, end_month=s.tlv_end_month, end_day=s.tlv_end_day
    )


@transaction.atomic
def decision_record(
    *,
    actor: User,
    request: Request,
    outcome: str,
    motivation: str,
    funding_category: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    decided_on: date | None = None,
) -> Decision:
    """Record the decision. A TLV needs two valid expert advices (enforced here, not only shown)."""
    locked = Request.objects.select_for_update().get(pk=request.pk)
    _require(actor, locked, Perm.CLO_PROCESS)
    if locked.status not in (RequestStatus.ACCEPTED, RequestStatus.PLANNED):
        raise ValidationError(_("Only an accepted or planned request can be decided."))
    if locked.is_tlv:
        problems = two_expert_problems(locked.advices.select_related("discipline"))
        if problems:
            raise ValidationError(problems)
    decided_on = decided_on or timezone.localdate()
    if locked.received_on and decided_on < locked.received_on:
        raise ValidationError({"decided_on": _("The decision cannot be before the request was received.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    granted = outcome in GRANTED_OUTCOMES
    kind = locked.kind
    if kind == RequestKind.EXTENSION and locked.extends_decision is not None:
        kind = locked.extends_decision.kind
    category = funding_category or (locked.funding_category if granted else "")
    if granted and kind in TLV_KINDS and starts_on and not ends_on:
        starts_on, ends_on = default_tlv_period(partnership_id=locked.partnership_id, starts_on=starts_on)
    if outcome == DecisionOutcome.GRANTED and (category or "") != (locked.funding_category or ""):
        raise ValidationError(
            {"outcome": _("Another category than requested: choose 'granted with another category or period'.")}
        )
    decision = Decision(
        request=locked,
        number=_next_number(locked.partnership, decided_on.year),
        outcome=outcome,
        kind=kind,
        funding_category=category if granted else "",
        motivation=motivation,
        starts_on=starts_on if granted else None,
        ends_on=ends_on if granted else None,
        decided_on=decided_on,
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    request_transition(actor=actor, request=locked, to_status=RequestStatus.DECIDED, reason=decision.number)
    _timeline(
        request=locked,
        actor=actor,
        kind="decision",
        step="decision",
        number=decision.number,
        outcome=decision.outcome,
    )
    return decision


# --- Objection (bezwaar) ------------------------------------------------------------------------


@transaction.atomic
def objection_create(*, actor: User, request: Request, received_on: date, objector: str, grounds: str) -> Objection:
    _require(actor, request, Perm.CLO_PROCESS)
    decision = selectors.current_decision(request=request)
    if decision is None:
        raise ValidationError(_("There is no decision on this request to object to."))
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    objection = Objection(
        decision=decision, received_on=received_on, objector=objector, grounds=grounds, recorded_by=actor
    )
    objection.full_clean()
    objection.save()
    _timeline(
        request=request,
        actor=actor,
        kind="decision",
        step="objection_received",
        number=decision.number,
    )
    return objection


@transaction.atomic
def objection_update(
    *, actor: User, objection: Objection, version: int, revised: Mapping[str, Any] | None = None, **fields: Any
) -> Objection:
    """Record the LBT advice, hearing, extension and outcome; a revised decision supersedes the old one."""
    locked = Objection.objects.select_for_update(of=("self",)).select_related("decision__request").get(pk=objection.pk)
    request = locked.decision.request
    _require(actor, request, Perm.CLO_PROCESS)
    check_version(
        locked,
        version,
        message=_(
            "Someone else saved this objection in the meantime. Your input is kept below; check it and save again."
        ),
    )
    if locked.outcome != ObjectionOutcome.PENDING:
        raise ValidationError(_("The decision on this objection has been taken; it can no longer be changed."))
    if locked.extension_weeks and fields.get("extension_weeks", locked.extension_weeks) != locked.extension_weeks:
        raise ValidationError({"extension_weeks": _("The term can be extended only once.")})
    for name in (
        "lbt_advice_requested_on",
        "lbt_advice_received_on",
        "hearing_on",
        "hearing_report",
        "extension_weeks",
        "extension_reason",
        "outcome",
        "decided_on",
    ):
        if name in fields:
            setattr(locked, name, fields[name])
    if locked.extension_weeks and not locked.extension_recorded_on:
        locked.extension_recorded_on = timezone.localdate()
    for name in ("hearing_on", "decided_on", "lbt_advice_received_on", "lbt_advice_requested_on"):
        value = getattr(locked, name)
        if value and value > timezone.localdate():
            raise ValidationError({name: _("This date cannot be in the future.")})
    revising = locked.outcome in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY_UPHELD)
    if revising and not revised:
        raise ValidationError(_("An upheld objection needs the revised decision."))
    locked.version += 1
    locked.full_clean()
    if revising:
        # full_clean: a decided objection has its date; and an upheld one its revised decision (above)
        assert locked.decided_on is not None and revised is not None
        old = locked.decision
        new = Decision(
            request=request,
            number=_next_number(request.partnership, locked.decided_on.year),
            kind=old.kind,
            decided_on=locked.decided_on,
            decided_by=actor,
            revises=old,
            **revised,
        )
        new.full_clean()
        new.save()
        Decision.objects.filter(pk=old.pk).update(superseded=True)
        locked.revised_decision = new
    locked.save()
    if "outcome" in fields and locked.outcome != ObjectionOutcome.PENDING:
        _timeline(
            request=request,
            actor=actor,
            kind="decision",
            step="objection_decided",
            outcome=locked.outcome,
        )
    return locked
