"""Reads of consent (parental consent (toestemming) and the case grants it gives externals):
every selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from datetime import date

from cases.casefile.models import Case
from cases.consent.models import Consent
from cases.pupils.models import Pupil


def consent_in_force(*, pupil: Pupil, on: date | None = None) -> Consent | None:
    """The newest consent in force for a pupil, or None."""
    return Consent.objects.in_force(on).filter(pupil=pupil).order_by("-given_on", "-pk").first()


def case_may_be_discussed_by_name(*, case: Case, on: date | None = None) -> bool:
    """A pupil is discussed by name in the OT only under consent covering that (else anonymously)."""
    return Consent.objects.in_force(on).filter(pupil_id=case.pupil_id, discuss_in_ot=True).exists()


def consent_missing_holders(*, consent) -> list:
    """Guardians with parental authority who have not (yet) agreed to this consent."""
    if consent is None:
        return []
    agreed = set(consent.answers.filter(agreed=True).values_list("guardian_id", flat=True))
    return [g for g in consent.pupil.guardians.all() if g.has_authority and g.pk not in agreed]


def consents_for_pupil(*, pupil: Pupil) -> list[Consent]:
    return list(
        pupil.consents.select_related("recorded_by", "withdrawn_by")
        .prefetch_related("answers__guardian")
        .order_by("-given_on", "-pk")
    )
