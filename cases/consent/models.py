"""Models of consent: parental consent (toestemming) and the case grants it gives externals."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import P, roles_with
from ot_portal.core.models import Role


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL = "verbal", _("Verbal, recorded by a staff member")
    DIGITAL = "digital", _("Digital")


#: Disciplines a consent can cover: the roles of people not employed by the school, who reach a case only
#: through a consent-backed grant (P.CASE_VIEW_GRANTED).
_DISCIPLINE_LABELS = {
    Role.ORTHOPEDAGOGUE: _("Orthopedagogue"),
    Role.YOUTH_NURSE: _("Youth nurse"),
    Role.SCHOOL_SOCIAL_WORKER: _("School social worker"),
    Role.SOCIAL_TEAM: _("Social-team worker"),
    Role.VISITING_SPECIALIST: _("Visiting specialist"),
    Role.CARE_PROVIDER: _("Care provider"),
}


CONSENT_DISCIPLINES = [
    (r.value, _DISCIPLINE_LABELS.get(r, r.label)) for r in Role if r in roles_with(P.CASE_VIEW_GRANTED)
]


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on: date | None = None) -> ConsentQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(given_on__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            withdrawn_on__isnull=True,
        )


class Consent(models.Model):
    """Toestemming: parental consent for discussion in the OT and sharing with named disciplines."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    discuss_in_ot = models.BooleanField(_("may be discussed by name in the OT"), default=True)
    disciplines = models.JSONField(_("disciplines that may receive data"), default=list, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    pupil_agreed = models.BooleanField(_("the pupil agreed (12 to 16 years)"), null=True, blank=True)
    signed_form = models.FileField(_("signed form"), upload_to="consent/%Y/", blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{_('Consent')} {self.given_on:%d-%m-%Y}"

    def is_in_force(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.withdrawn_on is None and self.given_on <= on and (self.valid_until is None or self.valid_until >= on)
        )

    def covers(self, discipline: str) -> bool:
        return discipline in (self.disciplines or [])

    @property
    def discipline_labels(self) -> list[str]:
        labels = dict(CONSENT_DISCIPLINES)
        return [str(labels.get(code, code)) for code in self.disciplines or []]


class ConsentGuardian(models.Model):
    """One guardian's answer within a consent; both holders of authority are asked."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="answers")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consent_answers")
    agreed = models.BooleanField(_("agreed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "guardian"], name="uniq_consent_guardian")]
