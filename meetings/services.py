"""Writes for OT meetings. Keyword-only, one transaction, full_clean() before save().

Cases are touched only through `cases.services` (timeline events, actions) and the handover
service `cases.handover.member_handover`. Consent is enforced HERE: a case goes on the agenda by
name only while its consent covers discussion in the OT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions.handover import member_handover
from cases.actions.rules import due_on_error, owner_errors
from cases.actions.services import action_complete, action_create
from cases.casefile.services import case_handover_regie, case_set_next_evaluation, intervention_create
from cases.casefile.timeline import case_event_add
from cases.consent.selectors import case_may_be_discussed_by_name
from cases.models import Action, Case, CaseEventKind
from meetings import selectors
from meetings.models import (
    AgendaItem,
    AgreedIntervention,
    Handover,
    ItemAction,
    ItemMinutes,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    MinutesCorrection,
    Participant,
    ParticipantKind,
    ThemeDiscussion,
    YearPlan,
    YearPlanTask,
)
from meetings.workflow import can_change
from ot_portal.core.access import Perm, roles_with
from ot_portal.core.formats import date_prose
from ot_portal.core.input import reject_control_characters
from ot_portal.core.locking import EditConflict, check_version
from ot_portal.core.models import School, SchoolMembership, SchoolYear, SupportTeamRole, TeamPosition, User


class ConsentRequired(ValidationError):
    """A case was put on the agenda by name without consent covering discussion in the OT. A
    ValidationError on the by-name field: the form explains it and keeps what was typed."""

    def __init__(self, message: str) -> None:
        super().__init__({"by_name": message})


def _check_open(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("The minutes of this meeting are approved or the meeting is cancelled: it is locked."))


def _locked_item(item: AgendaItem) -> AgendaItem:
    """The agenda item, locked for this transaction; a Dutch message when someone else removed it meanwhile."""
    locked = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("case", "meeting").filter(pk=item.pk).first()
    )
    if locked is None:
        raise EditConflict(
            item, message=_("Someone else took this case off the agenda in the meantime; nothing was saved.")
        )
    return locked


def _member_of(user: User, school: School) -> bool:
    return SchoolMembership.objects.active().filter(user=user, school=school, user__is_active=True).exists()


# --- Year plan ------------------------------------------------------------------------------


@transaction.atomic
def year_plan_create(
    *,
    actor: User,
    school: School,
    school_year: SchoolYear,
    goals: str = "",
    composition: str = "",
    copy_previous: bool = False,
) -> YearPlan:
    """Create the OT-jaarplan; optionally start from a copy of last year's (goals, composition,
    tasks of members still at the school, meeting dates moved 52 weeks on, future ones only)."""
    if YearPlan.objects.filter(school=school, school_year=school_year).exists():
        raise ValidationError({"school_year": _("This school already has a year plan for that school year.")})
    previous = selectors.previous_year_plan(school=school, start_year=school_year.start_year) if copy_previous else None
    if copy_previous and previous is None:
        raise ValidationError({"copy_previous": _("There is no year plan of last year to copy.")})
    plan = YearPlan(
        school=school,
        school_year=school_year,
        goals=goals or (previous.goals if previous else ""),
        composition=composition or (previous.composition if previous else ""),
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    if previous is not None:
        for task in previous.tasks.select_related("user"):
            if _member_of(task.user, school):
                YearPlanTask.objects.create(plan=plan, user=task.user, task=task.task, note=task.note)
        today = timezone.localdate()
        for old in previous.meetings.exclude(status=MeetingStatus.CANCELLED):
            new_date = old.date + timedelta(weeks=52)
            if new_date >= today and school_year.contains(new_date):
                meeting_plan(actor=actor, plan=plan, date=new_date, start_time=old.start_time, place=old.place)
    return plan


@transaction.atomic
def year_plan_update(
    *, actor: User, plan: YearPlan, goals: str, composition: str, version: int | None = None
) -> YearPlan:
    plan = YearPlan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, version)
    plan.goals = goals
    plan.composition = composition
    plan.version += 1
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def year_plan_task_add(*, actor: User, plan: YearPlan, user: User, task: str, note: str = "") -> YearPlanTask:
    if not _member_of(user, plan.school):
        raise ValidationError({"user": _("This person has no active role at the school.")})
    if YearPlanTask.objects.filter(plan=plan, user=user, task=task).exists():
        raise ValidationError({"task": _("This person already has this task.")})
    row = YearPlanTask(plan=plan, user=user, task=task, note=note)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def year_plan_task_remove(*, actor: User, task: YearPlanTask) -> None:
    """Take a role or task off the year plan (assigned to the wrong person, or the person left);
    only someone who plans the school's meetings may do so."""
    if not selectors.may_plan(user=actor, school_id=task.plan.school_id):
        raise PermissionDenied
    task.delete()


def meeting_count_warning(*, plan: YearPlan) -> str:
    """A warning when the planned meetings fall outside the partnership's 6-8 (configurable)."""
    settings_ = getattr(plan.school.board.partnership, "settings", None)
    low, high = (settings_.meetings_per_year_min, settings_.meetings_per_year_max) if settings_ else (6, 8)
    count = plan.meetings.exclude(status=MeetingStatus.CANCELLED).count()
    if count < low or count > high:
        return _("%(count)s meetings are planned; the partnership expects %(low)s to %(high)s a year.") % {
            "count": count,
            "low": low,
            "high": high,
        }
    return ""


# --- Meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    plan: YearPlan,
    date: date,
    start_time: time,
    place: str = "",
    allow_past: bool = False,
) -> Meeting:
    """Plan an OT meeting; the core members of the school's OT are added as participants.

    `allow_past` is only for recording historical meetings (demo data, import)."""
    if not allow_past and date < timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot be planned in the past.")})
    meeting = Meeting(plan=plan, school=plan.school, date=date, start_time=start_time, place=place, created_by=actor)
    meeting.full_clean()
    meeting.save()
    core_roles = set(
        SupportTeamRole.objects.filter(school=plan.school, position=TeamPosition.CORE).values_list("role", flat=True)
    ) - set(roles_with(Perm.GROUP_TEACH))  # the pupil's teacher joins per case item
    members = (
        SchoolMembership.objects.active(date)
        .filter(school=plan.school, role__in=core_roles, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, kind=ParticipantKind.CORE, user_id=user_id) for user_id in sorted(set(members))]
    )
    return meeting


@dataclass
class MeetingInput:
    date: date
    start_time: time
    place: str = ""


class MeetingRowErrors(ValidationError):
    """Some of the dates for the year plan cannot be planned. `rows` maps the index in the list to
    {field: message}; nothing was planned."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]) -> None:
        self.rows = rows
        super().__init__(
            {
                "date": [
                    _("Row %(n)s: %(message)s") % {"n": i + 1, "message": m}
                    for i in rows
                    for messages in rows[i].values()
                    for m in messages
                ]
            }
        )


@transaction.atomic
def meetings_plan(*, actor: User, plan: YearPlan, rows: list[MeetingInput]) -> list[Meeting]:
    """Plan several meetings of a year plan in one go: all of them, or none with an error per row
    (a date in the past or outside the school year, the same date twice, a date already taken)."""
    if not rows:
        raise ValidationError(_("Enter at least one date."))
    taken = set(plan.meetings.exclude(status=MeetingStatus.CANCELLED).values_list("date", flat=True))
    errors: dict[int, dict[str, list[str]]] = {}
    planned = []
    for index, row in enumerate(rows):
        if row.date in taken:
            errors[index] = {"date": [_("There is already a meeting on this date.")]}
            continue
        taken.add(row.date)
        try:
            with transaction.atomic():
                planned.append(
                    meeting_plan(actor=actor, plan=plan, date=row.date, start_time=row.start_time, place=row.place)
                )
        except ValidationError as exc:
            errors[index] = exc.message_dict if hasattr(exc, "error_dict") else {"date": exc.messages}
    if errors:
        raise MeetingRowErrors(errors)
    return planned


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, date: date, start_time: time, place: str = "", version: int | None = None
) -> Meeting:
    """Move a planned meeting (not into the past) or change its time or place."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    check_version(meeting, version)
    if date != meeting.date and date < timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot be planned in the past.")})
    meeting.date, meeting.start_time, meeting.place = date, start_time, place
    meeting.version += 1
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def participant_add(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    user: User | None = None,
    name: str = "",
    organisation: str = "",
    item: AgendaItem | None = None,
) -> Participant:
    _check_open(meeting)
    if user is not None and not _member_of(user, meeting.school):
        raise ValidationError({"user": _("This person has no active role at the school.")})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("That item belongs to another meeting.")})
    if user is not None and meeting.participants.filter(user=user, item=item).exists():
        raise ValidationError({"user": _("This person is already a participant.")})
    row = Participant(meeting=meeting, kind=kind, user=user, name=name, organisation=organisation, item=item)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def theme_add(
    *, actor: User, meeting: Meeting, topic: str, title: str = "", notes: str = "", preventive_agreements: str = ""
) -> ThemeDiscussion:
    _check_open(meeting)
    theme = ThemeDiscussion(
        meeting=meeting, topic=topic, title=title, notes=notes, preventive_agreements=preventive_agreements
    )
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, case: Case, by_name: bool, question: str = "") -> AgendaItem:
    """Put a case on the agenda. By name ONLY under consent covering discussion in the OT;
    otherwise the item is anonymous (ConsentRequired when by name is asked without consent)."""
    # The meeting row is the lock for its agenda: two additions at once get distinct positions.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if case.school_id != meeting.school_id:
        raise ValidationError({"case": _("This case belongs to another school.")})
    if by_name and not case_may_be_discussed_by_name(case=case):
        raise ConsentRequired(
            _(
                "The parents' consent does not cover discussing this pupil by name in the OT. Put the case "
                "on the agenda anonymously (untick 'Discuss by name'), or record the consent first."
            )
        )
    position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, case=case, by_name=by_name, position=position, question=question, added_by=actor)
    item.full_clean()
    item.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.MEETING,
        message="agenda_added",
        params={"date": meeting.date, "anonymous": not by_name},
        actor=actor,
        source_app="meetings",
        source_id=str(item.uuid),
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem, reason: str = "") -> None:
    """Take a case item off the agenda (casus van de agenda halen) while the meeting is open and
    nothing was recorded for it yet. Its guests go with it; the other items move up.

    The case's timeline keeps a note of the removal. For a named item the optional `reason` is
    added to it; for an anonymous item the note says no more than the item did (the meeting date
    and that it was anonymous) and the free-text reason is left out, as it could identify."""
    # Lock the meeting first, as item_minutes_record does, so minutes cannot be recorded and
    # items cannot be added or renumbered while this item goes.
    reject_control_characters(reason)  # a raw POST value, not a form field: NUL would reach the timeline
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_open(meeting)
    item = _locked_item(item)
    if (
        ItemMinutes.objects.filter(item=item).exists()
        or item.interventions.exists()
        or item.item_actions.exists()
        or item.corrections.exists()
    ):
        raise ValidationError(_("Minutes were recorded for this case item; it can no longer be taken off the agenda."))
    case, by_name, item_uuid = item.case, item.by_name, str(item.uuid)
    item.guests.all().delete()
    item.delete()
    remaining = list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("position", "pk"))
    for position, other in enumerate(remaining, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    # The reason is typed by a user and shown as it is; an anonymous item keeps none, it could name the pupil.
    reason = " ".join(reason.split()) if by_name else ""
    case_event_add(
        case=case,
        kind=CaseEventKind.MEETING,
        message="agenda_removed",
        params={"date": meeting.date, "anonymous": not by_name, "reason": reason},
        actor=actor,
        source_app="meetings",
        source_id=item_uuid,
    )


@transaction.atomic
def item_preparation_set(
    *, actor: User, item: AgendaItem, parents_consulted: bool, teacher_invited: bool, growth_doc_current: bool
) -> AgendaItem:
    # Same lock order as agenda_item_remove (meeting, then item): a removal at the same moment
    # either finishes first (the item is gone: a message, no 500) or waits for this save.
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_open(meeting)
    item = _locked_item(item)
    item.parents_consulted = parents_consulted
    item.teacher_invited = teacher_invited
    item.growth_doc_current = growth_doc_current
    item.full_clean()
    item.save(update_fields=["parents_consulted", "teacher_invited", "growth_doc_current"])
    return item


@transaction.atomic
def meeting_evaluation_set(*, actor: User, meeting: Meeting, notes: str, version: int | None = None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    check_version(meeting, version)
    meeting.evaluation_notes = notes
    meeting.version += 1
    meeting.full_clean()
    meeting.save(update_fields=["evaluation_notes", "version"])
    return meeting


#: The minutes' action row (meetings.forms.MinutesActionForm) names for the fields of
#: cases.actions.rules.owner_errors and due_on_error.
MINUTES_ACTION_FIELDS = {
    "owner": "owner",
    "external_owner_name": "external_name",
    "external_owner_email": "external_email",
    "due_on": "due_on",
}


class ActionRowErrors(ValidationError):
    """Some of the minutes' new actions break the action rules. `rows` maps the index in the
    `actions` list to {row field: message}, so each row of the form shows its own errors."""

    def __init__(self, rows: dict[int, dict[str, str]]) -> None:
        self.rows = rows
        super().__init__(
            {
                "actions": [
                    _("Action %(n)s: %(message)s") % {"n": i + 1, "message": m} for i in rows for m in rows[i].values()
                ]
            }
        )


@dataclass
class ActionInput:
    description: str
    due_on: date
    owner: User | None = None
    external_owner_name: str = ""
    external_owner_organisation: str = ""
    external_owner_email: str = ""


@transaction.atomic
def item_minutes_record(
    *,
    actor: User,
    item: AgendaItem,
    parents_presence: str,
    conclusions: str,
    attendance: str = "",
    escalation: str = "",
    regie: User | None = None,
    next_evaluation_on: date | None = None,
    interventions: list[tuple[str, str]] | None = None,
    actions: list[ActionInput] | None = None,
    version: int | None = None,
) -> ItemMinutes:
    """Record (or extend) the minutes of one case item. New interventions and actions are added;
    actions become the case's own actions (cases.services.action_create). Everything lands on the
    case's timeline."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_open(meeting)
    if next_evaluation_on and next_evaluation_on < meeting.date:
        raise ValidationError({"next_evaluation_on": _("The next evaluation cannot be before the meeting.")})
    if regie is not None and not _member_of(regie, meeting.school):
        raise ValidationError({"regie": _("This person has no active role at the school.")})
    row_errors = {}
    for index, action in enumerate(actions or []):
        errors = owner_errors(
            has_member_owner=action.owner is not None,
            external_name=action.external_owner_name,
            external_email=action.external_owner_email,
        )
        if error := due_on_error(due_on=action.due_on, today=timezone.localdate(), agreed_on=meeting.date):
            errors["due_on"] = error
        if errors:
            row_errors[index] = {MINUTES_ACTION_FIELDS.get(field, field): message for field, message in errors.items()}
    if row_errors:
        raise ActionRowErrors(row_errors)

    minutes = ItemMinutes.objects.select_for_update().filter(item=item).first()
    is_new = minutes is None
    if minutes is None:
        minutes = ItemMinutes(item=item, written_by=actor)
    else:
        check_version(minutes, version)
        minutes.version += 1
    previous_regie_id = minutes.regie_id
    previous_escalation = "" if is_new else minutes.escalation
    minutes.parents_presence = parents_presence
    minutes.attendance = attendance
    minutes.conclusions = conclusions
    minutes.escalation = escalation
    minutes.regie = regie
    minutes.next_evaluation_on = next_evaluation_on
    minutes.written_by = actor
    minutes.written_at = timezone.now()
    minutes.full_clean()
    minutes.save()

    case = item.case
    source: dict[str, Any] = {"source_app": "meetings", "source_id": str(item.uuid)}
    when = date_prose(meeting.date)
    case_event_add(
        case=case,
        kind=CaseEventKind.MEETING,
        message="minutes_recorded" if is_new else "minutes_updated",
        params={"date": meeting.date},
        actor=actor,
        **source,
    )
    for level, description in interventions or []:
        # The intervention becomes the case's own (cases.services adds the timeline event).
        intervention = intervention_create(
            actor=actor, case=case, level=level, description=description, starts_on=meeting.date
        )
        AgreedIntervention.objects.create(item=item, intervention=intervention)
    if regie is not None and regie.pk != previous_regie_id and regie.pk != case.lead_id:
        try:
            case_handover_regie(
                actor=actor,
                case=case,
                to_holder=regie,
                note=_("Agreed in the OT meeting of %(date)s") % {"date": when},
            )
        except ValidationError as exc:
            raise ValidationError({"regie": exc.messages}) from exc
    if escalation and escalation != previous_escalation:
        case_event_add(
            case=case,
            kind=CaseEventKind.DECISION,
            message="escalation_agreed",
            params={"what": minutes.escalation},
            actor=actor,
            **source,
        )
    if next_evaluation_on:
        case_set_next_evaluation(actor=actor, case=case, on=next_evaluation_on, **source)
    for data in actions or []:
        created = action_create(
            actor=actor,
            case=case,
            description=data.description,
            due_on=data.due_on,
            owner=data.owner,
            external_owner_name=data.external_owner_name,
            external_owner_organisation=data.external_owner_organisation,
            external_owner_email=data.external_owner_email,
            **source,
        )
        ItemAction.objects.create(item=item, action=created)
    return minutes


@transaction.atomic
def meeting_status_change(*, actor: User, meeting: Meeting, to_status: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_change(meeting.status, to_status):
        raise ValidationError(_("This status change is not allowed."))
    if to_status == MeetingStatus.HELD and not meeting.may_mark_held_on(timezone.localdate()):
        raise ValidationError(_("A meeting can be marked as held from its date on."))
    if to_status == MeetingStatus.APPROVED and not meeting.items.filter(minutes__isnull=False).exists():
        if meeting.items.exists():
            raise ValidationError(_("Record the minutes of at least one case item before approving."))
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=to_status, changed_by=actor
    )
    meeting.status = to_status
    if to_status == MeetingStatus.APPROVED:
        meeting.approved_at = timezone.now()
        meeting.approved_by = actor
    meeting.version += 1
    meeting.save(update_fields=["status", "approved_at", "approved_by", "version"])
    return meeting


def minutes_approve(*, actor: User, meeting: Meeting) -> Meeting:
    """Vaststellen: approved minutes are locked; later changes are corrections."""
    return meeting_status_change(actor=actor, meeting=meeting, to_status=MeetingStatus.APPROVED)


@transaction.atomic
def correction_add(*, actor: User, meeting: Meeting, text: str, item: AgendaItem | None = None) -> MinutesCorrection:
    if meeting.status != MeetingStatus.APPROVED:
        raise ValidationError(_("Corrections are for approved minutes; edit the minutes directly."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("That item belongs to another meeting.")})
    correction = MinutesCorrection(meeting=meeting, item=item, text=text, written_by=actor)
    correction.full_clean()
    correction.save()
    if item is not None:
        case_event_add(
            case=item.case,
            kind=CaseEventKind.MEETING,
            message="minutes_corrected",
            params={"date": meeting.date},
            actor=actor,
            source_app="meetings",
            source_id=str(item.uuid),
        )
    return correction


@transaction.atomic
def action_mark_done(*, actor: User, action: Action, result: str = "") -> Action:
    """Afronden from the follow-through list; the case's own service records it."""
    reject_control_characters(result)  # a raw POST value, not a form field
    if action.status != "open":
        raise ValidationError(_("This action is no longer open."))
    return action_complete(actor=actor, action=action, status="done", result=result)


# --- Handover -------------------------------------------------------------------------------


@transaction.atomic
def handover(*, actor: User, school: School, leaving: User, successor: User, note: str) -> Handover:
    """Move regie and open actions to a successor (cases.handover) and keep the note here."""
    result = member_handover(actor=actor, school=school, leaving=leaving, successor=successor, note=note)
    record = Handover(
        school=school,
        leaving=leaving,
        successor=successor,
        note=note,
        cases_moved=result.cases_moved,
        actions_moved=result.actions_moved,
        done_by=actor,
    )
    record.full_clean()
    record.save()
    # Year-plan tasks of this school year move along too.
    start_year = SchoolYear.start_year_for(timezone.localdate())
    for task in YearPlanTask.objects.filter(
        plan__school=school, plan__school_year__start_year=start_year, user=leaving
    ):
        if not YearPlanTask.objects.filter(plan=task.plan, user=successor, task=task.task).exists():
            task.user = successor
            task.save(update_fields=["user"])
    return record


# --- Follow-through: reminders and escalation -----------------------------------------------
