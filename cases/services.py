"""Writes for cases. Keyword-only, one transaction, full_clean() before save(), events on the timeline.

Higher apps (meetings, clo) write to cases only through these services.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files import check_upload
from cases.models import (
    CONSENT_DISCIPLINES,
    Action,
    ActionStatus,
    Attachment,
    CareLevel,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseGrant,
    CaseLeadChange,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentGuardian,
    ConsentMethod,
    Enrolment,
    GoalEvaluation,
    GrowthDocument,
    GrowthDocumentChange,
    GrowthGoal,
    Guardian,
    HgwPhase,
    Intake,
    IntakeStatus,
    Intervention,
    Pupil,
)
from cases.workflow import OPEN_STATUSES, is_allowed
from ot_portal.core.models import SchoolMembership


def case_event_add(
    *,
    case: Case,
    kind: str,
    summary: str,
    actor=None,
    source_app: str = "cases",
    source_id: str = "",
    at=None,
) -> CaseEvent:
    """Append one event to a case's timeline and mark the case as recently active."""
    if kind not in CaseEventKind.values:
        raise ValueError(f"Unknown case event kind {kind!r}")
    event = CaseEvent(
        case=case,
        kind=kind,
        summary=summary[:300],
        actor=actor,
        source_app=source_app,
        source_id=str(source_id),
        at=at or timezone.now(),
    )
    event.full_clean()
    event.save()
    Case.objects.filter(pk=case.pk).update(last_activity_at=event.at)
    return event


@transaction.atomic
def action_create(
    *,
    actor,
    case: Case,
    description: str,
    due_on: date,
    owner=None,
    external_owner_name: str = "",
    external_owner_organisation: str = "",
    external_owner_email: str = "",
    source_app: str = "cases",
    source_id: str = "",
) -> Action:
    """Agree an action on a case; it appears on the owner's list and the case timeline."""
    action = Action(
        case=case,
        description=description,
        due_on=due_on,
        owner=owner,
        external_owner_name=external_owner_name,
        external_owner_organisation=external_owner_organisation,
        external_owner_email=external_owner_email,
        created_by=actor,
        source_app=source_app,
        source_id=str(source_id),
    )
    action.full_clean()
    action.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.ACTION,
        summary=_("Action agreed for %(owner)s, due %(due)s")
        % {"owner": action.owner_display, "due": f"{due_on:%d-%m-%Y}"},
        actor=actor,
        source_app=source_app,
        source_id=str(action.uuid),
    )
    return action


# --- Consent and the case-level grants ----------------------------------------------------------
#
# The consent service is THE place where grants for professionals from outside the school are
# made and removed (ADR 0001). `sync_grants` computes what should exist from the consent in force
# and the school's active external memberships, and makes the rows match.


def _grant_permission() -> Permission:
    return Permission.objects.get(codename="access_granted_case", content_type__app_label="cases")


def _end_of_day(day: date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@transaction.atomic
def sync_grants(*, pupil: Pupil | None = None, actor=None, on: date | None = None) -> tuple[int, int]:
    """Make the consent-backed CaseGrants of a pupil's open cases (or of every pupil) match the
    consent in force. Returns (created, revoked). Also run daily by `manage.py sync_case_grants`
    so that expired consent leaves no active rows (grants already expire on their own).

    guardian keeps one row per (user, permission, case), so a grant that comes back under a new
    consent re-uses its row; the consent it rests on and the times are updated."""
    on = on or timezone.localdate()
    now = timezone.now()
    cases = Case.objects.filter(status__in=OPEN_STATUSES)
    if pupil is not None:
        cases = cases.filter(pupil=pupil)
    else:
        cases = cases.filter(pupil__in=Pupil.objects.filter(consents__isnull=False).values("pk"))
    permission = None
    created = revoked = 0
    for case in cases.select_related("pupil"):
        consent = Consent.objects.in_force(on).filter(pupil_id=case.pupil_id).order_by("-given_on", "-pk").first()
        wanted: set[int] = set()
        if consent is not None and consent.disciplines:
            wanted = set(
                SchoolMembership.objects.active(on)
                .filter(school_id=case.school_id, role__in=consent.disciplines, user__is_active=True)
                .values_list("user_id", flat=True)
            )
        rows = {g.user_id: g for g in CaseGrant.objects.filter(content_object=case)}
        expires_at = _end_of_day(consent.valid_until) if consent is not None else None
        for user_id, grant in rows.items():
            is_active = grant.revoked_at is None and (grant.expires_at is None or grant.expires_at > now)
            if is_active and grant.consent_id is not None and user_id not in wanted:
                grant.revoked_at = now
                grant.save(update_fields=["revoked_at"])
                revoked += 1
        for user_id in sorted(wanted):
            grant = rows.get(user_id)
            if grant is not None:
                is_active = grant.revoked_at is None and (grant.expires_at is None or grant.expires_at > now)
                if is_active and (grant.consent_id is None or grant.consent_id == consent.pk):
                    if grant.consent_id == consent.pk and grant.expires_at != expires_at:
                        grant.expires_at = expires_at
                        grant.save(update_fields=["expires_at"])
                    continue
                # One row per user and case (guardian's unique key): re-point it at the consent in force.
                grant.consent = consent
                grant.revoked_at = None
                grant.expires_at = expires_at
                grant.granted_by = actor
                grant.granted_at = now
                grant.reason = "consent"
                grant.save()
                created += 1
                continue
            permission = permission or _grant_permission()
            CaseGrant.objects.create(
                content_object=case,
                user_id=user_id,
                permission=permission,
                consent=consent,
                granted_by=actor,
                reason="consent",
                expires_at=expires_at,
            )
            created += 1
    return created, revoked


def consent_missing_authority_holders(consent: Consent) -> list[Guardian]:
    """Guardians with parental authority who have not agreed (the record warns while any is missing)."""
    from cases.selectors import consent_missing_holders

    return consent_missing_holders(consent=consent)


@transaction.atomic
def consent_record(
    *,
    actor,
    pupil: Pupil,
    guardians: list[Guardian],
    given_on: date,
    method: str,
    disciplines: list[str],
    discuss_in_ot: bool = True,
    valid_until: date | None = None,
    pupil_agreed: bool | None = None,
    signed_form=None,
) -> Consent:
    """Record toestemming given by the named guardians and grant the covered disciplines access
    to the pupil's open cases at once. Only guardians with parental authority (gezag) count."""
    errors: dict[str, list[str]] = {}
    if not guardians:
        errors["guardians"] = [_("Choose at least one guardian who gave consent.")]
    for guardian in guardians:
        if guardian.pupil_id != pupil.pk:
            errors["guardians"] = [_("This guardian does not belong to the pupil.")]
        elif not guardian.has_authority:
            errors["guardians"] = [
                _("%(name)s does not hold parental authority and cannot give consent.") % {"name": guardian.name}
            ]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Consent cannot be given in the future.")]
    if valid_until and valid_until < given_on:
        errors["valid_until"] = [_("The end date cannot be before the date consent was given.")]
    valid = {code for code, _label in CONSENT_DISCIPLINES}
    if set(disciplines) - valid:
        errors["disciplines"] = [_("Unknown discipline.")]
    if method == ConsentMethod.SIGNED_FORM and not signed_form:
        errors["signed_form"] = [_("Upload the signed form, or choose another method.")]
    age = pupil.age_on(given_on)
    if 12 <= age < 16 and pupil_agreed is not True:
        errors["pupil_agreed"] = [_("From 12 to 16 years the pupil must agree as well.")]
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        pupil=pupil,
        given_on=given_on,
        method=method,
        recorded_by=actor,
        discuss_in_ot=discuss_in_ot,
        disciplines=sorted(disciplines),
        valid_until=valid_until,
        pupil_agreed=pupil_agreed if 12 <= age < 16 else None,
    )
    if signed_form:
        content_type, name = check_upload(signed_form)
        consent.signed_form.save(name, signed_form, save=False)
    consent.full_clean()
    consent.save()
    for guardian in guardians:
        ConsentGuardian.objects.create(consent=consent, guardian=guardian, agreed=True)
    sync_grants(pupil=pupil, actor=actor)
    for case in pupil.cases.filter(status__in=OPEN_STATUSES):
        case_event_add(case=case, kind=CaseEventKind.CONSENT, summary=_("Consent recorded"), actor=actor)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: date, reason: str) -> Consent:
    """Withdraw consent; the grants resting on it are revoked in the same transaction."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise ValidationError(_("This consent has already been withdrawn."))
    errors = {}
    if withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = _("Consent cannot be withdrawn before it was given.")
    elif withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = _("This date cannot be in the future.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the withdrawal.")
    if errors:
        raise ValidationError(errors)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_reason = reason.strip()
    consent.withdrawn_by = actor
    consent.full_clean()
    consent.save()
    sync_grants(pupil=consent.pupil, actor=actor)
    for case in consent.pupil.cases.filter(status__in=OPEN_STATUSES):
        case_event_add(case=case, kind=CaseEventKind.CONSENT, summary=_("Consent withdrawn"), actor=actor)
    return consent


# --- Cases: opening, status, care level, regie ---------------------------------------------------


@transaction.atomic
def case_open(*, actor, pupil: Pupil, care_level: str = CareLevel.OT, lead=None, opened_on: date | None = None) -> Case:
    """Open a case for a pupil; externals covered by the consent in force get access at once."""
    case = Case(
        pupil=pupil,
        school=pupil.school,
        care_level=care_level,
        lead=lead,
        opened_on=opened_on or timezone.localdate(),
        status=CaseStatus.REGISTERED,
    )
    case.full_clean()
    case.save()
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.REGISTERED, changed_by=actor, reason=""
    )
    sync_grants(pupil=pupil, actor=actor)
    return case


@transaction.atomic
def case_change_status(*, actor, case: Case, to_status: str, reason: str = "", outcome: str = "") -> Case:
    """Move a case along the workflow (cases/workflow.py); appends history and a timeline event."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    from_status = case.status
    if not is_allowed(from_status, to_status):
        raise ValidationError({"to_status": _("This status change is not allowed.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Use at most 500 characters.")})
    if to_status == CaseStatus.CLOSED:
        if outcome not in CaseOutcome.values:
            raise ValidationError({"outcome": _("Choose the outcome when closing a case.")})
        case.outcome = outcome
        case.closed_on = timezone.localdate()
    elif from_status == CaseStatus.CLOSED:
        case.outcome = ""
        case.closed_on = None
    if to_status == CaseStatus.ESCALATED and case.care_level != CareLevel.CLO:
        case.care_level = CareLevel.CLO
    case.status = to_status
    case.version += 1
    case.full_clean()
    case.save()
    CaseStatusChange.objects.create(
        case=case, from_status=from_status, to_status=to_status, reason=reason, changed_by=actor
    )
    case_event_add(
        case=case,
        kind=CaseEventKind.STATUS,
        summary=_("Status: %(old)s → %(new)s")
        % {"old": CaseStatus(from_status).label, "new": CaseStatus(to_status).label},
        actor=actor,
    )
    if from_status == CaseStatus.CLOSED:
        sync_grants(pupil=case.pupil, actor=actor)
    return case


@transaction.atomic
def case_set_care_level(*, actor, case: Case, care_level: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if care_level not in CareLevel.values:
        raise ValidationError({"care_level": _("Unknown care level.")})
    if care_level == case.care_level:
        return case
    old = case.care_level
    case.care_level = care_level
    case.version += 1
    case.save(update_fields=["care_level", "version"])
    case_event_add(
        case=case,
        kind=CaseEventKind.CARE_LEVEL,
        summary=_("Care level: %(old)s → %(new)s") % {"old": CareLevel(old).label, "new": CareLevel(care_level).label},
        actor=actor,
    )
    return case


@transaction.atomic
def case_escalate_to_clo(*, actor, case: Case, reason: str) -> Case:
    """The OT sent a request to the CLO: the case moves to care level CLO and status escalated
    (through the normal workflow, so the history shows each step)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.care_level != CareLevel.CLO:
        case = case_set_care_level(actor=actor, case=case, care_level=CareLevel.CLO)
    if case.status == CaseStatus.REGISTERED:
        case = case_change_status(actor=actor, case=case, to_status=CaseStatus.ACTIVE, reason=reason)
    if case.status == CaseStatus.ACTIVE:
        case = case_change_status(actor=actor, case=case, to_status=CaseStatus.ESCALATED, reason=reason)
    return case


@transaction.atomic
def case_handover_lead(*, actor, case: Case, to_lead, note: str = "") -> Case:
    """Move regie to another OT member (an external only while they hold a grant) with a note."""
    from cases.selectors import lead_candidates

    case = Case.objects.select_for_update().get(pk=case.pk)
    if not lead_candidates(case=case).filter(pk=to_lead.pk).exists():
        raise ValidationError({"to_lead": _("Regie can only go to an OT member who may see this case.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Use at most 2000 characters.")})
    CaseLeadChange.objects.create(case=case, from_lead=case.lead, to_lead=to_lead, note=note, changed_by=actor)
    case.lead = to_lead
    case.version += 1
    case.save(update_fields=["lead", "version"])
    case_event_add(
        case=case,
        kind=CaseEventKind.LEAD,
        summary=_("Regie handed over to %(name)s") % {"name": to_lead.full_name},
        actor=actor,
    )
    return case


# --- Consultations, interventions, actions, attachments -----------------------------------------


@transaction.atomic
def case_note_add(*, actor, case: Case, text: str, kind: str, occurred_on: date, with_whom: str = "") -> CaseNote:
    note = CaseNote(case=case, text=text, kind=kind, occurred_on=occurred_on, with_whom=with_whom, author=actor)
    note.full_clean()
    note.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.NOTE,
        summary=_("Consultation: %(kind)s") % {"kind": note.get_kind_display()},
        actor=actor,
        source_id=str(note.uuid),
    )
    return note


@transaction.atomic
def intervention_create(
    *,
    actor,
    case: Case,
    level: str,
    description: str,
    starts_on: date,
    provider: str = "",
    ends_on: date | None = None,
) -> Intervention:
    intervention = Intervention(
        case=case,
        level=level,
        description=description,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    intervention.full_clean()
    intervention.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.INTERVENTION,
        summary=_("Intervention started: %(level)s") % {"level": intervention.get_level_display()},
        actor=actor,
        source_id=str(intervention.uuid),
    )
    return intervention


@transaction.atomic
def intervention_evaluate(
    *, actor, intervention: Intervention, evaluation: str, evaluated_on: date, ends_on: date | None = None
) -> Intervention:
    intervention.evaluation = evaluation
    intervention.evaluated_on = evaluated_on
    if ends_on:
        intervention.ends_on = ends_on
    intervention.full_clean()
    intervention.save()
    case_event_add(
        case=intervention.case,
        kind=CaseEventKind.INTERVENTION,
        summary=_("Intervention evaluated: %(level)s") % {"level": intervention.get_level_display()},
        actor=actor,
        source_id=str(intervention.uuid),
    )
    return intervention


@transaction.atomic
def action_complete(*, actor, action: Action, status: str, done_on: date | None = None, result: str = "") -> Action:
    """Mark an action done (with date and result), cancelled, or open again."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    action.status = status
    action.result = result
    action.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    if action.done_on and action.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("This date cannot be in the future.")})
    action.full_clean()
    action.save()
    case_event_add(
        case=action.case,
        kind=CaseEventKind.ACTION,
        summary=_("Action %(status)s") % {"status": action.get_status_display().lower()},
        actor=actor,
        source_id=str(action.uuid),
    )
    return action


class ActionConflict(Exception):
    """Raised when an action was saved by someone else since its edit form was opened."""

    def __init__(self, action: Action):
        super().__init__("edit conflict")
        self.action = action


@transaction.atomic
def action_update(
    *,
    actor,
    action: Action,
    base_version: int,
    description: str,
    due_on: date,
    owner=None,
    external_owner_name: str = "",
    external_owner_organisation: str = "",
    external_owner_email: str = "",
) -> Action:
    """Change an open action's description, due date or owner (optimistic lock on `version`).

    A later due date restarts reminders and escalation, so the new owner is not told off for the
    old deadline."""
    action = Action.objects.select_for_update(of=("self",)).select_related("case", "owner").get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("Only an open action can be changed."))
    if action.version != base_version:
        raise ActionConflict(action)
    before = (
        action.description,
        action.due_on,
        action.owner_id,
        action.external_owner_name,
        action.external_owner_organisation,
        action.external_owner_email,
    )
    old_owner = action.owner_display
    action.description = description
    action.due_on = due_on
    action.owner = owner
    action.external_owner_name = "" if owner else external_owner_name
    action.external_owner_organisation = "" if owner else external_owner_organisation
    action.external_owner_email = "" if owner else external_owner_email
    after = (
        action.description,
        action.due_on,
        action.owner_id,
        action.external_owner_name,
        action.external_owner_organisation,
        action.external_owner_email,
    )
    if after == before:
        return action  # nothing changed: no new version, no timeline noise
    if due_on > before[1]:
        action.last_reminded_on = None
        action.escalated_on = None
    action.version += 1
    action.full_clean()
    action.save()
    parts = []
    if due_on != before[1]:
        parts.append(_("due date %(due)s") % {"due": f"{due_on:%d-%m-%Y}"})
    if action.owner_display != old_owner:
        parts.append(_("owner %(owner)s") % {"owner": action.owner_display})
    case_event_add(
        case=action.case,
        kind=CaseEventKind.ACTION,
        summary=_("Action changed: %(changes)s") % {"changes": ", ".join(parts)}
        if parts
        else _("Action changed: description"),
        actor=actor,
        source_id=str(action.uuid),
    )
    return action


@transaction.atomic
def action_mark_reminded(*, action: Action, on: date) -> bool:
    """Record that the owner was reminded on `on`; False when that already happened that day
    (so a second run of the reminder job sends nothing twice)."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.last_reminded_on == on or locked.status != ActionStatus.OPEN:
        return False
    Action.objects.filter(pk=action.pk).update(last_reminded_on=on)
    return True


@transaction.atomic
def action_mark_escalated(*, action: Action, on: date, source_app: str = "cases") -> bool:
    """Record that an overdue action was escalated to the regie holder and the IB (once)."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.escalated_on is not None or locked.status != ActionStatus.OPEN:
        return False
    Action.objects.filter(pk=action.pk).update(escalated_on=on)
    case_event_add(
        case=locked.case,
        kind=CaseEventKind.ACTION,
        summary=_("Overdue action escalated to the case lead and the IB"),
        actor=None,
        source_app=source_app,
        source_id=str(locked.uuid),
    )
    return True


@transaction.atomic
def case_set_next_evaluation(*, actor, case: Case, on: date, source_app: str = "cases", source_id: str = "") -> Case:
    """Plan the case's next evaluation (it shows on the IB's worklist when it passes)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.next_evaluation_on = on
    case.full_clean()
    case.save(update_fields=["next_evaluation_on"])
    case_event_add(
        case=case,
        kind=CaseEventKind.MEETING,
        summary=_("Next evaluation planned on %(date)s") % {"date": f"{on:%d-%m-%Y}"},
        actor=actor,
        source_app=source_app,
        source_id=source_id,
    )
    return case


@transaction.atomic
def attachment_add(
    *, actor, case: Case, upload, description: str = "", is_third_party_report: bool = False
) -> Attachment:
    """Store an attachment in private storage after checking its size and content."""
    content_type, name = check_upload(upload)
    attachment = Attachment(
        case=case,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        description=description,
        is_third_party_report=is_third_party_report,
        uploaded_by=actor,
    )
    ext = name.rsplit(".", 1)[-1].lower()
    attachment.file.save(f"{attachment.uuid}.{ext}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    case_event_add(
        case=case, kind=CaseEventKind.DOCUMENT, summary=_("Document added"), actor=actor, source_id=str(attachment.uuid)
    )
    return attachment


# --- Intake (zorgformulier) ------------------------------------------------------------------------

INTAKE_FIELDS = (
    "reason",
    "help_question",
    "concern_areas",
    "concerns",
    "tried",
    "tried_result",
    "strengths",
    "parents_view",
    "parents_informed",
    "group_discussion_on",
    "pupil_discussion_on",
)


class IntakeConflict(ValidationError):
    """Someone else saved the draft since this form was opened."""

    def __init__(self, intake: Intake):
        super().__init__(
            _(
                "Someone else saved this intake while you were editing. Your text is kept below; "
                "compare it with the saved version and save again."
            )
        )
        self.intake = intake


#: Always required to submit; a partnership can add more (PartnershipSettings.intake_required_fields).
INTAKE_ALWAYS_REQUIRED = ("reason", "help_question", "concern_areas")


def intake_required_fields(*, school) -> list[str]:
    settings_obj = getattr(school.board.partnership, "settings", None)
    extra = list(getattr(settings_obj, "intake_required_fields", None) or [])
    return [*INTAKE_ALWAYS_REQUIRED, *[f for f in extra if f in INTAKE_FIELDS and f not in INTAKE_ALWAYS_REQUIRED]]


@transaction.atomic
def intake_save_draft(
    *, actor, pupil: Pupil, data: dict, intake: Intake | None = None, base_version: int | None = None
) -> Intake:
    """Create or update a draft intake (a teacher may start one; it shows on the IB's list).

    With `base_version`, a save over someone else's newer save is refused (edit conflict)."""
    if intake is None:
        intake = Intake(pupil=pupil, school=pupil.school, created_by=actor)
    else:
        intake = Intake.objects.select_for_update().get(pk=intake.pk)
        if intake.status != IntakeStatus.DRAFT:
            raise ValidationError(_("This intake has already been submitted."))
        if base_version is not None and base_version != intake.version:
            raise IntakeConflict(intake)
        intake.pupil = pupil
        intake.school = pupil.school
        intake.version += 1
    for name in INTAKE_FIELDS:
        if name in data:
            setattr(intake, name, data[name])
    intake.full_clean()
    intake.save()
    return intake


@transaction.atomic
def intake_submit(
    *, actor, pupil: Pupil, data: dict, intake: Intake | None = None, base_version: int | None = None
) -> Intake:
    """Submit the zorgformulier: opens a case on care level OT, records the earlier levels with
    their dates and puts the intake on the timeline."""
    intake = intake_save_draft(actor=actor, pupil=pupil, data=data, intake=intake, base_version=base_version)
    missing = [f for f in intake_required_fields(school=pupil.school) if getattr(intake, f) in (None, "", [])]
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required to submit the intake.")))
    case = case_open(actor=actor, pupil=pupil, care_level=CareLevel.OT, lead=actor)
    for level, day in (
        (CareLevel.GROUP_DISCUSSION, intake.group_discussion_on),
        (CareLevel.PUPIL_DISCUSSION, intake.pupil_discussion_on),
    ):
        if day:
            case_event_add(
                case=case,
                kind=CaseEventKind.CARE_LEVEL,
                summary=_("Earlier care level: %(level)s on %(day)s")
                % {"level": level.label, "day": f"{day:%d-%m-%Y}"},
                actor=actor,
                at=timezone.make_aware(datetime.combine(day, time(9))),
            )
    case_event_add(
        case=case,
        kind=CaseEventKind.INTAKE,
        summary=_("Registered for the OT (intake)"),
        actor=actor,
        source_id=str(intake.uuid),
    )
    intake.status = IntakeStatus.SUBMITTED
    intake.submitted_by = actor
    intake.submitted_at = timezone.now()
    intake.case = case
    intake.save(update_fields=["status", "submitted_by", "submitted_at", "case", "updated_at"])
    return intake


# --- Pupils ------------------------------------------------------------------------------------


@transaction.atomic
def pupil_save(
    *, actor, school, data: dict, group=None, pupil: Pupil | None = None, guardians: list[tuple] = ()
) -> Pupil:
    """Create or edit a pupil; `group` is the group in the current school year; `guardians` is a
    list of (existing Guardian or None, data) saved in the same transaction."""
    pupil = pupil or Pupil(school=school)
    for name in ("pupil_number", "first_name", "last_name_prefix", "last_name", "date_of_birth"):
        if name in data:
            setattr(pupil, name, data[name])
    pupil.full_clean()
    pupil.save()
    if group is not None:
        Enrolment.objects.update_or_create(pupil=pupil, school_year=group.school_year, defaults={"group": group})
    for guardian, guardian_data in guardians:
        guardian_save(actor=actor, pupil=pupil, data=guardian_data, guardian=guardian)
    return pupil


@transaction.atomic
def pupil_mark_left(*, actor, pupil: Pupil, left_on: date) -> Pupil:
    """A pupil who leaves is marked as left, never deleted here (retention is enforced elsewhere)."""
    pupil.left_on = left_on
    if left_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"left_on": _("This date is too far in the future.")})
    pupil.full_clean()
    pupil.save(update_fields=["left_on", "updated_at"])
    return pupil


@transaction.atomic
def guardian_save(*, actor, pupil: Pupil, data: dict, guardian: Guardian | None = None) -> Guardian:
    guardian = guardian or Guardian(pupil=pupil)
    for name in ("name", "relation", "email", "phone", "has_authority"):
        if name in data:
            setattr(guardian, name, data[name])
    guardian.full_clean()
    guardian.save()
    return guardian


# --- Groeidocument ---------------------------------------------------------------------------------


class EditConflict(Exception):
    """Raised when a groeidocument was saved by someone else since the form was opened."""

    def __init__(self, document: GrowthDocument, changes: list[GrowthDocumentChange]):
        super().__init__("edit conflict")
        self.document = document
        self.changes = changes


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _field_text(name: str, value) -> str:
    """The history shows what users saw: choice labels, Dutch dates, ja/nee."""
    field = GrowthDocument._meta.get_field(name)
    if field.choices and value:
        return str(dict(field.choices).get(value, value))
    return _as_text(value)


@transaction.atomic
def growth_document_save(*, actor, pupil: Pupil, data: dict, base_version: int) -> GrowthDocument:
    """Save the groeidocument when nobody else saved since `base_version`; keep field-level history.

    base_version 0 means "the form was opened before the document existed"."""
    document, _created = GrowthDocument.objects.get_or_create(pupil=pupil, defaults={"version": 0})
    document = GrowthDocument.objects.select_for_update().get(pk=document.pk)
    if document.version != base_version:
        changes = list(
            document.changes.filter(version__gt=base_version).select_related("changed_by").order_by("changed_at", "pk")
        )
        raise EditConflict(document, changes)
    changed = []
    for name in GrowthDocument.TRACKED_FIELDS:
        if name not in data:
            continue
        old, new = getattr(document, name), data[name]
        if (old or None) != (new or None) and not (old is False and new is None):
            changed.append((name, old, new))
            setattr(document, name, new)
    if not changed and document.version > 0:
        return document
    document.version += 1
    document.updated_by = actor
    document.updated_at = timezone.now()
    document.full_clean()
    document.save()
    GrowthDocumentChange.objects.bulk_create(
        GrowthDocumentChange(
            document=document,
            version=document.version,
            field=name,
            old_value=_field_text(name, old),
            new_value=_field_text(name, new),
            changed_by=actor,
            changed_at=document.updated_at,
        )
        for name, old, new in changed
    )
    for case in pupil.cases.filter(status__in=OPEN_STATUSES):
        case_event_add(case=case, kind=CaseEventKind.GROWTH_DOC, summary=_("Growth document updated"), actor=actor)
    return document


@transaction.atomic
def growth_goal_add(
    *,
    actor,
    pupil: Pupil,
    goal: str,
    phase: str = HgwPhase.ANALYSE,
    analysis: str = "",
    approach: str = "",
    starts_on: date | None = None,
    evaluate_on: date | None = None,
) -> GrowthGoal:
    document, _created = GrowthDocument.objects.get_or_create(pupil=pupil)
    item = GrowthGoal(
        document=document,
        goal=goal,
        phase=phase,
        analysis=analysis,
        approach=approach,
        starts_on=starts_on,
        evaluate_on=evaluate_on,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def growth_goal_evaluate(
    *,
    actor,
    goal: GrowthGoal,
    text: str,
    evaluated_on: date,
    goal_reached: bool | None = None,
    phase: str | None = None,
) -> GoalEvaluation:
    evaluation = GoalEvaluation(
        goal=goal, text=text, evaluated_on=evaluated_on, goal_reached=goal_reached, author=actor
    )
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("This date cannot be in the future.")})
    evaluation.full_clean()
    evaluation.save()
    goal.phase = phase or HgwPhase.EVALUATE
    goal.full_clean()
    goal.save(update_fields=["phase"])
    return evaluation
