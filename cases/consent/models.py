"""Models of consent: parental consent (toestemming) and the case grants it gives externals."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from cases.consent import rules
from cases.consent.rules import IN_FORCE, NAMED, status_label
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import Perm, roles_with
from ot_portal.core.formats import date_prose
from ot_portal.core.models import Role


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL = "verbal", _("Verbal, recorded by a staff member")
    DIGITAL = "digital", _("Digital")


#: Disciplines a consent can cover: the roles of people not employed by the school, who reach a case only
#: through a consent-backed grant (Perm.CASE_VIEW_GRANTED).
_DISCIPLINE_LABELS = {
    Role.ORTHOPEDAGOGUE: _("Orthopedagogue"),
    Role.YOUTH_NURSE: _("Youth nurse"),
    Role.SCHOOL_SOCIAL_WORKER: _("School social worker"),
    Role.SOCIAL_TEAM: _("Social-team worker"),
    Role.VISITING_SPECIALIST: _("Visiting specialist"),
    Role.CARE_PROVIDER: _("Care provider"),
}


CONSENT_DISCIPLINES = [
    (r.value, _DISCIPLINE_LABELS.get(r, r.label)) for r in Role if r in roles_with(Perm.CASE_VIEW_GRANTED)
]


class ConsentState(models.TextChoices):
    """A pupil's consent today, in three states (the director's consent coverage and the case
    list's filter): in force and allowing something, waiting for an answer, or none."""

    IN_FORCE = "in_force", _("In force")
    WAITING = "waiting", _("Waiting for a guardian")
    NONE = "none", _("None in force")


class ConsentQuerySet(models.QuerySet["Consent"]):
    """The SQL side of cases/consent/rules.py: the one expression for "in force"."""

    def current(self) -> ConsentQuerySet:
        return self.filter(is_current=True)

    def in_force(self, on: date | None = None) -> ConsentQuerySet:
        """Current versions that apply on `on` (rules.is_in_force in SQL). What they allow is in
        `named_in_force` and `shared_with`, set from rules.decide when the version was made."""
        on = on or timezone.localdate()
        return self.filter(
            Q(given_on__lte=on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            is_current=True,
            withdrawn_on__isnull=True,
        )

    def may_be_named(self, on: date | None = None) -> ConsentQuerySet:
        """Versions in force that allow discussion by name in the OT."""
        return self.in_force(on).filter(named_in_force=True)

    def named_on(self, day: date | OuterRef) -> ConsentQuerySet:
        """Versions that allowed discussion by name on a past `day` (a date or an OuterRef), for
        figures over held meetings: the version current on that day, in force on that day."""
        return self.filter(
            Q(given_on__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            Q(superseded_at__isnull=True) | Q(superseded_at__date__gt=day),
            withdrawn_on__isnull=True,
            named_in_force=True,
        )

    def allowing(self, on: date | None = None) -> ConsentQuerySet:
        """Versions in force that allow something: discussion by name or sharing with a discipline."""
        return self.in_force(on).filter(Q(named_in_force=True) | ~Q(shared_with=[]))

    def waiting(self) -> ConsentQuerySet:
        """Current versions with an asked item that still waits for a guardian's or the pupil's
        answer (rules.decide wrote the reason per item into `item_status`, codes quoted in JSON)."""
        return self.current().filter(
            Q(item_status__icontains=f'"{rules.WAITING_SECOND_PARENT}"')
            | Q(item_status__icontains=f'"{rules.WAITING_PARENTS}"')
            | Q(item_status__icontains=f'"{rules.WAITING_PUPIL}"')
        )

    def covering(self, discipline: str, on: date | None = None) -> ConsentQuerySet:
        """Versions in force that share the case with `discipline` (codes are quoted in the JSON
        text, so one code never matches inside another; works on SQLite and PostgreSQL)."""
        return self.in_force(on).filter(shared_with__icontains=f'"{discipline}"')


class Consent(models.Model):
    """Toestemming: one version of a pupil's consent for discussion in the OT and sharing with
    named disciplines. Exactly one version per pupil is current; every change adds a version that
    supersedes it (cases/consent/services.py consent_change), so the rows are the history.

    `discuss_in_ot` and `disciplines` are what was asked; `named_in_force` and `shared_with` are
    what the answers allow (rules.decide), `item_status` says why per item."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    # Empty for a version the system made (the partnership's rule changed, the merge migration).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
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
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(default=False)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    change_summary = models.CharField(_("what changed"), max_length=1000, blank=True)
    pupil_answers = models.JSONField(_("the pupil's answers"), default=dict, blank=True)
    named_in_force = models.BooleanField(default=False)
    shared_with = models.JSONField(default=list, blank=True)
    item_status = models.JSONField(default=dict, blank=True)
    age_band = models.CharField(max_length=5, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-version", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(is_current=True), name="uniq_current_consent_per_pupil"
            ),
            models.UniqueConstraint(fields=["pupil", "version"], name="uniq_consent_version"),
        ]

    def __str__(self) -> str:
        return f"{_('Consent')} {date_prose(self.given_on)}"

    def is_in_force(self, on: date | None = None) -> bool:
        return rules.is_in_force(
            is_current=self.is_current,
            given_on=self.given_on,
            valid_until=self.valid_until,
            withdrawn_on=self.withdrawn_on,
            on=on or timezone.localdate(),
        )

    def may_be_named(self, on: date | None = None) -> bool:
        return self.is_in_force(on) and self.named_in_force

    def covers(self, discipline: str, on: date | None = None) -> bool:
        """Whether this version shares the case with `discipline` today (asked AND agreed)."""
        return self.is_in_force(on) and discipline in (self.shared_with or [])

    @property
    def asked_items(self) -> list[str]:

        return ([NAMED] if self.discuss_in_ot else []) + sorted(self.disciplines or [])

    @property
    def discipline_labels(self) -> list[str]:
        return discipline_labels(self.disciplines or [])

    @property
    def shared_labels(self) -> list[str]:
        return scope_labels(self.shared_with or [])

    @property
    def pupil_answer_text(self) -> str:
        """The pupil's own answer as the consent history shows it (the first item's; "" when the
        pupil was not asked)."""
        first = next(iter((self.pupil_answers or {}).values()), None)
        if first is None:
            return ""
        return str(_ANSWER_TEXTS[rules.YES] if first == rules.YES else _ANSWER_TEXTS[rules.NO])

    @property
    def pending(self) -> list[tuple[str, str]]:
        """(item, why) for the asked items this version does not put in force."""

        return [
            (item_label(item), status_label(status))
            for item, status in sorted((self.item_status or {}).items())
            if status != IN_FORCE
        ]


#: Short lower-case names for the one-line scope ("Gedeeld met: sociaal team, jeugdverpleegkundige").
_SCOPE_LABELS: dict[str, StrOrPromise] = {
    Role.ORTHOPEDAGOGUE: pgettext_lazy("consent scope", "orthopedagogue"),
    Role.YOUTH_NURSE: pgettext_lazy("consent scope", "youth nurse"),
    Role.SCHOOL_SOCIAL_WORKER: pgettext_lazy("consent scope", "school social work"),
    Role.SOCIAL_TEAM: pgettext_lazy("consent scope", "social team"),
    Role.VISITING_SPECIALIST: pgettext_lazy("consent scope", "visiting specialist"),
    Role.CARE_PROVIDER: pgettext_lazy("consent scope", "care provider"),
}


def scope_labels(codes: Iterable[str]) -> list[str]:
    return [str(_SCOPE_LABELS.get(code, code)) for code in codes]


def discipline_labels(codes: Iterable[str]) -> list[str]:
    labels = dict(CONSENT_DISCIPLINES)
    return [str(labels.get(code, code)) for code in codes]


def item_label(item: str) -> str:

    return str(_("discussion by name")) if item == NAMED else discipline_labels([item])[0]


#: How an answer reads in the consent history.
_ANSWER_TEXTS: dict[str, StrOrPromise] = {
    rules.YES: _("agreed"),
    rules.NO: _("did not agree"),
    rules.INFORMED: _("informed, no objection"),
}


class ConsentGuardian(models.Model):
    """One guardian's answers within a consent version; both holders of authority are asked.
    `answers` maps each item (rules.NAMED or a discipline) to rules.YES / NO / INFORMED."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="answers")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="consent_answers")
    agreed = models.BooleanField(_("agreed"))
    answers = models.JSONField(default=dict, blank=True)
    has_authority = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "guardian"], name="uniq_consent_guardian")]

    @property
    def answer_text(self) -> str:
        """This guardian's answer as the consent history shows it (the first item's)."""
        first = next(iter((self.answers or {}).values()), None)
        if first is None:
            return str(_("no answer"))
        return str(_ANSWER_TEXTS.get(first, _ANSWER_TEXTS[rules.INFORMED]))


class ConsentReviewReason(models.TextChoices):
    MERGED = "merged", _("stacked consent records were merged; access became narrower")
    WAITING_SECOND_PARENT = "second_parent", _("waiting for the second parent")
    WAITING_PUPIL = "pupil", _("waiting for the pupil's own answer")


class ConsentReview(models.Model):
    """A pupil whose effective access changed without anyone asking (the merge of stacked consent
    records in migration 0007): it stays on the IB's worklist until a new version is recorded."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consent_reviews")
    school = models.ForeignKey("core.School", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=ConsentReviewReason.choices)
    items = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent review")
        verbose_name_plural = _("consent reviews")
        ordering = ["created_at", "pk"]
