"""Writes of pupils (pupils, their enrolment in a group and their guardians (gezag)): keyword-
only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.consent.services import consent_after_guardian_change
from cases.participation.services import invitations_end_for_pupil, invitations_follow_guardian
from cases.pupils.models import Enrolment, Guardian, Pupil
from ot_portal.core.models import School, SchoolGroup, User


@transaction.atomic
def pupil_save(
    *,
    actor: User,
    school: School,
    data: Mapping[str, Any],
    group: SchoolGroup | None = None,
    pupil: Pupil | None = None,
    guardians: Iterable[tuple[Guardian | None, Mapping[str, Any]]] = (),
) -> Pupil:
    """Create or edit a pupil; `group` is the group in the current school year; `guardians` is a
    list of (existing Guardian or None, data) saved in the same transaction."""
    if pupil is not None and pupil.pk:
        # Two edits of one pupil at once are written one after the other (with their guardians and
        # the consent reassessment), never interleaved.
        pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    pupil = pupil or Pupil(school=school)
    for name in ("pupil_number", "first_name", "last_name_prefix", "last_name", "date_of_birth"):
        if name in data:
            setattr(pupil, name, data[name])
    born_before = Pupil.objects.filter(pk=pupil.pk).values_list("date_of_birth", flat=True).first()
    pupil.full_clean()
    pupil.save()
    if group is not None:
        Enrolment.objects.update_or_create(pupil=pupil, school_year=group.school_year, defaults={"group": group})
    changes: list[str] = []
    for guardian, guardian_data in guardians:
        changes += _guardian_save(pupil=pupil, data=guardian_data, guardian=guardian)
    if born_before is not None and born_before != pupil.date_of_birth:
        changes.append(_("Date of birth corrected"))
    if changes:
        _reassess_consent(actor=actor, pupil=pupil, changes=changes)
    return pupil


def _reassess_consent(*, actor: User, pupil: Pupil, changes: list[str]) -> None:
    """Who may decide changed: the current consent gets a new version with the rule applied again."""

    consent_after_guardian_change(actor=actor, pupil=pupil, summary=changes)


@transaction.atomic
def pupil_mark_left(*, actor: User, pupil: Pupil, left_on: date) -> Pupil:
    """A pupil who leaves is marked as left, never deleted here (retention is enforced elsewhere)."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    pupil.left_on = left_on
    if left_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"left_on": _("This date is too far in the future.")})
    pupil.full_clean()
    pupil.save(update_fields=["left_on", "updated_at"])
    if left_on <= timezone.localdate():
        invitations_end_for_pupil(pupil=pupil, actor=actor)
    return pupil


@transaction.atomic
def guardian_save(*, actor: User, pupil: Pupil, data: Mapping[str, Any], guardian: Guardian | None = None) -> Guardian:
    """Save a guardian; a guardian added, or a change of parental authority, versions the consent."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)  # as pupil_save: one pupil's edits in turn
    guardian = guardian or Guardian(pupil=pupil)
    changes = _guardian_save(pupil=pupil, data=data, guardian=guardian)
    if changes:
        _reassess_consent(actor=actor, pupil=pupil, changes=changes)
    return guardian


def _guardian_save(*, pupil: Pupil, data: Mapping[str, Any], guardian: Guardian | None) -> list[str]:
    guardian = guardian if guardian is not None else Guardian(pupil=pupil)
    is_new = guardian.pk is None
    # Read from the database: a bound ModelForm has already set the new value on the instance.
    before: Mapping[str, Any] = Guardian.objects.filter(pk=guardian.pk).values("has_authority", "email").first() or {}
    had_authority = before.get("has_authority")
    for name in ("name", "relation", "email", "phone", "has_authority"):
        if name in data:
            setattr(guardian, name, data[name])
    guardian.full_clean()
    guardian.save()
    # The parent pages end with the authority or the address they were sent to.
    invitations_follow_guardian(guardian=guardian, old_email=before.get("email"), had_authority=had_authority)
    if is_new:
        return [_("Guardian added: %(name)s") % {"name": guardian.name}]
    if had_authority != guardian.has_authority:
        if guardian.has_authority:
            return [_("%(name)s now holds parental authority") % {"name": guardian.name}]
        return [_("%(name)s no longer holds parental authority") % {"name": guardian.name}]
    return []
