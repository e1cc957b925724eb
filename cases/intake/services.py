"""Writes of the intake (the zorgformulier by which a pupil is registered for the OT): keyword-
only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.models import (
    CareLevel,
    CaseEventKind,
)
from cases.casefile.services import DuplicateOpenCase, case_open, open_case_of
from cases.casefile.timeline import case_event_add
from cases.intake.models import Intake, IntakeStatus
from cases.pupils.models import Pupil
from ot_portal.core.formats import date_prose
from ot_portal.core.locking import check_version
from ot_portal.core.models import School, User

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


#: Always required to submit; a partnership can add more (PartnershipSettings.intake_required_fields).
INTAKE_ALWAYS_REQUIRED = ("reason", "help_question", "concern_areas")


def intake_required_fields(*, school: School) -> list[str]:
    settings_obj = getattr(school.board.partnership, "settings", None)
    extra = list(getattr(settings_obj, "intake_required_fields", None) or [])
    return [*INTAKE_ALWAYS_REQUIRED, *[f for f in extra if f in INTAKE_FIELDS and f not in INTAKE_ALWAYS_REQUIRED]]


class DuplicateIntakeDraft(ValidationError):
    """The pupil already has an intake draft; `existing` is that draft (the database allows one)."""

    def __init__(self, existing: Intake):
        self.existing = existing
        super().__init__(
            {
                "pupil": _("An intake draft for this pupil was already started on %(date)s. Continue with that draft.")
                % {"date": date_prose(existing.created_at)}
            }
        )


def _draft_of(*, pupil_id: int, exclude_pk: int | None = None) -> Intake | None:
    qs = Intake.objects.filter(pupil_id=pupil_id, status=IntakeStatus.DRAFT)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _save_draft_row(intake: Intake) -> None:
    """Save under the one-draft-per-pupil constraint: a concurrent second draft gets the same
    DuplicateIntakeDraft as a sequential one."""
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:
        existing = _draft_of(pupil_id=intake.pupil_id, exclude_pk=intake.pk)
        if existing is None:
            raise
        raise DuplicateIntakeDraft(existing) from None


@transaction.atomic
def intake_save_draft(
    *, actor: User, pupil: Pupil, data: Mapping[str, Any], intake: Intake | None = None, base_version: int | None = None
) -> Intake:
    """Create or update a draft intake (a teacher may start one; it shows on the IB's list).

    With `base_version`, a save over someone else's newer save is refused (edit conflict).
    A pupil has at most one draft (DuplicateIntakeDraft), and no new intake is started while the
    pupil has an open case (DuplicateOpenCase): both name the existing one."""
    if intake is None or intake.pupil_id != pupil.pk:
        if existing := _draft_of(pupil_id=pupil.pk, exclude_pk=intake.pk if intake else None):
            raise DuplicateIntakeDraft(existing)
    if intake is None:
        if existing_case := open_case_of(pupil_id=pupil.pk):
            raise DuplicateOpenCase(existing_case)
        intake = Intake(pupil=pupil, school=pupil.school, created_by=actor)
    else:
        intake = Intake.objects.select_for_update().get(pk=intake.pk)
        if intake.status == IntakeStatus.SUPERSEDED:
            raise ValidationError(_("This draft was replaced by a newer draft for the same pupil; continue there."))
        if intake.status != IntakeStatus.DRAFT:
            raise ValidationError(_("This intake has already been submitted."))
        check_version(
            intake,
            base_version,
            message=_(
                "Someone else saved this intake while you were editing. Your text is kept below; "
                "compare it with the saved version and save again."
            ),
        )
        intake.pupil = pupil
        intake.school = pupil.school
        intake.version += 1
    for name in INTAKE_FIELDS:
        if name in data:
            setattr(intake, name, data[name])
    intake.full_clean(validate_constraints=False)
    _save_draft_row(intake)
    return intake


@transaction.atomic
def intake_submit(
    *, actor: User, pupil: Pupil, data: Mapping[str, Any], intake: Intake | None = None, base_version: int | None = None
) -> Intake:
    """Submit the zorgformulier: opens a case on care level OT, records the earlier levels with
    their dates and puts the intake on the timeline."""
    intake = intake_save_draft(actor=actor, pupil=pupil, data=data, intake=intake, base_version=base_version)
    missing = [f for f in intake_required_fields(school=pupil.school) if getattr(intake, f) in (None, "", [])]
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required to submit the intake.")))
    case = case_open(actor=actor, pupil=pupil, care_level=CareLevel.OT, regie_holder=actor)
    for level, day in (
        (CareLevel.GROUP_DISCUSSION, intake.group_discussion_on),
        (CareLevel.PUPIL_DISCUSSION, intake.pupil_discussion_on),
    ):
        if day:
            case_event_add(
                case=case,
                kind=CaseEventKind.CARE_LEVEL,
                message="earlier_care_level",
                params={"level": level, "day": day},
                actor=actor,
                at=timezone.make_aware(datetime.combine(day, time(9))),
            )
    case_event_add(
        case=case,
        kind=CaseEventKind.INTAKE,
        message="intake_registered",
        actor=actor,
        source_id=str(intake.uuid),
    )
    intake.status = IntakeStatus.SUBMITTED
    intake.submitted_by = actor
    intake.submitted_at = timezone.now()
    intake.case = case
    intake.save(update_fields=["status", "submitted_by", "submitted_at", "case", "updated_at"])
    return intake
