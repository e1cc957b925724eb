"""Writes of consent (parental consent (toestemming) and the case grants it gives externals):
keyword-only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.files import check_upload
from cases.casefile.models import (
    Case,
    CaseEventKind,
    CaseGrant,
)
from cases.casefile.timeline import case_event_add
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent.models import CONSENT_DISCIPLINES, Consent, ConsentGuardian, ConsentMethod
from cases.consent.selectors import consent_missing_holders
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.models import SchoolMembership


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
