"""Writes of pupils (pupils, their enrolment in a group and their guardians (gezag)): keyword-
only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.pupils.models import Enrolment, Guardian, Pupil


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
