"""Writes of the case file (the case, its status and care level, regie, notes, interventions,
attachments): keyword-only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.files import check_upload
from cases.casefile.models import (
    Attachment,
    CareLevel,
    Case,
    CaseEventKind,
    CaseLeadChange,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    Intervention,
)
from cases.casefile.selectors import regie_candidates
from cases.casefile.timeline import case_event_add
from cases.casefile.workflow import OPEN_STATUSES, is_allowed
from cases.consent.services import sync_grants
from cases.pupils.models import Pupil
from ot_portal.core.formats import date_prose
from ot_portal.core.models import User


class DuplicateOpenCase(ValidationError):
    """The pupil already has an open case; `existing` is that case (the database allows one)."""

    def __init__(self, existing: Case, *, field: str = "pupil") -> None:
        self.existing = existing
        super().__init__(
            {
                field: _("This pupil already has an open case (opened on %(date)s). Continue in that case.")
                % {"date": date_prose(existing.opened_on)}
            },
        )


def open_case_of(*, pupil_id: int, exclude_pk: int | None = None) -> Case | None:
    """The pupil's open case, if any (there is at most one)."""
    qs = Case.objects.filter(pupil_id=pupil_id, status__in=OPEN_STATUSES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _save_open_case(case: Case, *, field: str = "pupil", update_fields: list[str] | None = None) -> None:
    """Save a case that is (or becomes) open. Two concurrent requests can both pass the check
    before saving; the partial unique constraint stops the second, which then gets the same
    DuplicateOpenCase as a sequential second attempt (never a 500)."""
    try:
        with transaction.atomic():
            case.save(update_fields=update_fields)
    except IntegrityError:
        existing = open_case_of(pupil_id=case.pupil_id, exclude_pk=case.pk)
        if existing is None:
            raise
        raise DuplicateOpenCase(existing, field=field) from None


@transaction.atomic
def case_open(
    *,
    actor: User,
    pupil: Pupil,
    care_level: str = CareLevel.OT,
    regie_holder: User | None = None,
    opened_on: date | None = None,
) -> Case:
    """Open a case for a pupil; externals covered by the consent in force get access at once.

    Refused with DuplicateOpenCase while the pupil has an open case."""
    if existing := open_case_of(pupil_id=pupil.pk):
        raise DuplicateOpenCase(existing)
    case = Case(
        pupil=pupil,
        school=pupil.school,
        care_level=care_level,
        lead=regie_holder,
        opened_on=opened_on or timezone.localdate(),
        status=CaseStatus.REGISTERED,
    )
    # The constraint was checked above and is enforced by the database in _save_open_case.
    case.full_clean(validate_constraints=False)
    _save_open_case(case)
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.REGISTERED, changed_by=actor, reason=""
    )
    sync_grants(pupil=pupil, actor=actor)
    return case


@transaction.atomic
def case_change_status(*, actor: User, case: Case, to_status: str, reason: str = "", outcome: str = "") -> Case:
    """Move a case along the workflow (cases/casefile/workflow.py); appends history and a timeline event."""
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
        if existing := open_case_of(pupil_id=case.pupil_id, exclude_pk=case.pk):
            raise DuplicateOpenCase(existing, field="to_status")
        case.outcome = ""
        case.closed_on = None
    if to_status == CaseStatus.ESCALATED and case.care_level != CareLevel.CLO:
        case.care_level = CareLevel.CLO
    case.status = to_status
    case.version += 1
    case.full_clean(validate_constraints=False)
    _save_open_case(case, field="to_status")
    CaseStatusChange.objects.create(
        case=case, from_status=from_status, to_status=to_status, reason=reason, changed_by=actor
    )
    case_event_add(
        case=case,
        kind=CaseEventKind.STATUS,
        message="status_changed",
        params={"old": from_status, "new": to_status},
        actor=actor,
    )
    if to_status == CaseStatus.CLOSED or from_status == CaseStatus.CLOSED:
        # Closing ends the case's external grants; reopening grants again from the current consent.
        sync_grants(cases=Case.objects.filter(pk=case.pk), actor=actor)
        case.refresh_from_db(fields=["lead", "version"])
    return case


@transaction.atomic
def case_set_care_level(*, actor: User, case: Case, care_level: str) -> Case:
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
        message="care_level_changed",
        params={"old": old, "new": care_level},
        actor=actor,
    )
    return case


@transaction.atomic
def case_escalate_to_clo(*, actor: User, case: Case, reason: str) -> Case:
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
def case_handover_regie(*, actor: User, case: Case, to_holder: User, note: str = "") -> Case:
    """Move regie to another OT member (an external only while they hold a grant) with a note."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not regie_candidates(case=case).filter(pk=to_holder.pk).exists():
        raise ValidationError({"to_lead": _("Regie can only go to an OT member who may see this case.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Use at most 2000 characters.")})
    CaseLeadChange.objects.create(case=case, from_lead=case.lead, to_lead=to_holder, note=note, changed_by=actor)
    case.lead = to_holder
    case.version += 1
    case.save(update_fields=["lead", "version"])
    case_event_add(
        case=case,
        kind=CaseEventKind.REGIE,
        message="regie_handed_over",
        params={"name": to_holder.full_name},
        actor=actor,
    )
    return case


@transaction.atomic
def case_note_add(
    *,
    actor: User,
    case: Case,
    text: str,
    kind: str,
    occurred_on: date,
    with_whom: str = "",
    author_only: bool = False,
) -> CaseNote:
    note = CaseNote(
        case=case,
        text=text,
        kind=kind,
        occurred_on=occurred_on,
        with_whom=with_whom,
        author_only=author_only,
        author=actor,
    )
    note.full_clean()
    note.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.NOTE,
        message="note_added",
        params={"kind": note.kind},
        actor=actor,
        source_id=str(note.uuid),
    )
    return note


@transaction.atomic
def intervention_create(
    *,
    actor: User,
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
        message="intervention_started",
        params={"level": intervention.level},
        actor=actor,
        source_id=str(intervention.uuid),
    )
    return intervention


@transaction.atomic
def intervention_evaluate(
    *,
    actor: User,
    intervention: Intervention,
    evaluation: str,
    evaluated_on: date | None = None,
    ends_on: date | None = None,
) -> Intervention:
    """Record the evaluation; without a date it is evaluated today."""
    # Locked: two evaluations at once are written one after the other, each whole.
    intervention = Intervention.objects.select_for_update(of=("self",)).select_related("case").get(pk=intervention.pk)
    intervention.evaluation = evaluation
    intervention.evaluated_on = evaluated_on or timezone.localdate()
    if ends_on:
        intervention.ends_on = ends_on
    intervention.full_clean()
    intervention.save()
    case_event_add(
        case=intervention.case,
        kind=CaseEventKind.INTERVENTION,
        message="intervention_evaluated",
        params={"level": intervention.level},
        actor=actor,
        source_id=str(intervention.uuid),
    )
    return intervention


@transaction.atomic
def case_set_next_evaluation(
    *, actor: User, case: Case, on: date, source_app: str = "cases", source_id: str = ""
) -> Case:
    """Plan the case's next evaluation (it shows on the IB's worklist when it passes)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.next_evaluation_on = on
    case.full_clean()
    case.save(update_fields=["next_evaluation_on"])
    case_event_add(
        case=case,
        kind=CaseEventKind.MEETING,
        message="evaluation_planned",
        params={"date": on},
        actor=actor,
        source_app=source_app,
        source_id=source_id,
    )
    return case


@transaction.atomic
def attachment_add(
    *, actor: User, case: Case, upload: UploadedFile[bytes], description: str = "", is_third_party_report: bool = False
) -> Attachment:
    """Store an attachment in private storage after checking its size and content."""
    content_type, name = check_upload(upload)
    attachment = Attachment(
        case=case,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        description=description,
        is_third_party_report=is_third_party_report,
        uploaded_by=actor,
    )
    ext = name.rsplit(".", 1)[-1].lower()
    attachment.file.save(f"{attachment.uuid}.{ext}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    case_event_add(
        case=case,
        kind=CaseEventKind.DOCUMENT,
        message="document_added",
        actor=actor,
        source_id=str(attachment.uuid),
    )
    return attachment
