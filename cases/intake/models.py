"""Models of the intake: the zorgformulier by which a pupil is registered for the OT."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.casefile.models import Case
from cases.pupils.models import Pupil
from ot_portal.core.models import School


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    # Set only by the data migration that left one draft per pupil; kept for the record.
    SUPERSEDED = "superseded", _("Superseded by a newer draft")


class ConcernArea(models.TextChoices):
    LEARNING = "learning", _("Learning")
    BEHAVIOUR = "behaviour", _("Behaviour")
    SOCIAL_EMOTIONAL = "social_emotional", _("Social-emotional")
    HOME = "home", _("Home situation")
    HEALTH = "health", _("Health")


class Intake(models.Model):
    """Zorgformulier / aanmeldformulier: registers a pupil for the OT. A teacher may start a draft;
    the IB submits it, which opens a case on care level OT."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="intakes")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="intakes")
    status = models.CharField(_("status"), max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT)
    reason = models.TextField(_("reason for registration"), max_length=2000, blank=True)
    help_question = models.TextField(_("question for the OT (hulpvraag)"), max_length=2000, blank=True)
    concern_areas = models.JSONField(_("areas of concern"), default=list, blank=True)
    concerns = models.TextField(_("concerns explained"), max_length=4000, blank=True)
    tried = models.TextField(_("what was already tried"), max_length=4000, blank=True)
    tried_result = models.TextField(_("with what result"), max_length=4000, blank=True)
    strengths = models.TextField(_("strengths of the pupil"), max_length=2000, blank=True)
    parents_view = models.TextField(_("parents' view"), max_length=2000, blank=True)
    parents_informed = models.BooleanField(_("parents were informed"), null=True, blank=True)
    group_discussion_on = models.DateField(_("discussed in the group discussion on"), null=True, blank=True)
    pupil_discussion_on = models.DateField(_("discussed in the pupil discussion on"), null=True, blank=True)
    case = models.OneToOneField(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="intake")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["school", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(status="draft"),
                name="one_open_intake_draft_per_pupil",
                violation_error_message=_("This pupil already has an intake draft."),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Intake')} {str(self.uuid)[:8]}"

    @property
    def is_draft(self) -> bool:
        """Still being written by the school: editable, not yet an aanmelding."""
        return self.status == IntakeStatus.DRAFT

    @property
    def status_badge(self) -> str:
        return "text-bg-warning" if self.is_draft else "text-bg-success"

    def clean(self) -> None:
        today = timezone.localdate()
        errors = {}
        for name in ("group_discussion_on", "pupil_discussion_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        unknown = set(self.concern_areas or []) - set(ConcernArea.values)
        if unknown:
            errors["concern_areas"] = _("Unknown area of concern.")
        if errors:
            raise ValidationError(errors)
