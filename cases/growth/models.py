"""Models of the groeidocument: needs, factors, goals with HGW evaluations, the OPP and its
history."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.pupils.models import Pupil
from ot_portal.core.append_only import append_only_trigger


class OppExitDestination(models.TextChoices):
    REGULAR_SECONDARY = "regular", _("Regular secondary education (vmbo/havo/vwo)")
    PRAKTIJKONDERWIJS = "pro", _("Practical education (praktijkonderwijs)")
    VSO = "vso", _("Special secondary education (vso)")
    LWOO = "lwoo", _("Vmbo with learning support (lwoo)")
    OTHER = "other", _("Other")


class GrowthDocument(models.Model):
    """Groeidocument: the pupil's living file across school years, with an OPP part where needed.

    `version` increases on every save; a save against an older version is refused (edit conflict).
    The parents' agreement to the OPP's action part is kept per holder and per version of the
    action part in `cases.participation.models.OppAgreement`.
    """

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="growth_document")
    educational_needs = models.TextField(_("educational needs"), max_length=5000, blank=True)
    support_needs = models.TextField(_("support needs"), max_length=5000, blank=True)
    enabling_pupil = models.TextField(_("enabling factors: pupil"), max_length=3000, blank=True)
    enabling_school = models.TextField(_("enabling factors: school"), max_length=3000, blank=True)
    enabling_home = models.TextField(_("enabling factors: home"), max_length=3000, blank=True)
    hindering_pupil = models.TextField(_("hindering factors: pupil"), max_length=3000, blank=True)
    hindering_school = models.TextField(_("hindering factors: school"), max_length=3000, blank=True)
    hindering_home = models.TextField(_("hindering factors: home"), max_length=3000, blank=True)
    parents_view = models.TextField(_("parents' view"), max_length=3000, blank=True)
    pupil_view = models.TextField(_("pupil's view"), max_length=3000, blank=True)
    has_opp = models.BooleanField(_("development perspective plan (OPP) needed"), default=False)
    opp_exit_destination = models.CharField(
        _("expected exit destination"), max_length=20, choices=OppExitDestination.choices, blank=True
    )
    opp_exit_justification = models.TextField(_("justification of the exit destination"), max_length=4000, blank=True)
    opp_deviations = models.TextField(_("deviations from the regular programme"), max_length=4000, blank=True)
    opp_support_given = models.TextField(_("support given"), max_length=4000, blank=True)
    opp_next_evaluation_on = models.DateField(_("next yearly evaluation with parents"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: Fields with field-level history, in screen order.
    TRACKED_FIELDS = (
        "educational_needs",
        "support_needs",
        "enabling_pupil",
        "enabling_school",
        "enabling_home",
        "hindering_pupil",
        "hindering_school",
        "hindering_home",
        "parents_view",
        "pupil_view",
        "has_opp",
        "opp_exit_destination",
        "opp_exit_justification",
        "opp_deviations",
        "opp_support_given",
        "opp_next_evaluation_on",
    )

    class Meta:
        verbose_name = _("growth document")
        verbose_name_plural = _("growth documents")

    def __str__(self) -> str:
        return f"{_('Growth document')} {str(self.uuid)[:8]}"


class HgwPhase(models.TextChoices):
    """The handelingsgericht werken cycle."""

    ANALYSE = "analyse", _("Analyse")
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    EVALUATE = "evaluate", _("Evaluate")


class GrowthGoal(models.Model):
    """A goal in the groeidocument, run through the HGW cycle."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "document__pupil__uuid"
    #: Set on the groeidocument page only: the goal's own evaluation form (not a column).
    evaluation_form: forms.BaseForm

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(GrowthDocument, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(_("goal"), max_length=500)
    phase = models.CharField(_("phase"), max_length=10, choices=HgwPhase.choices, default=HgwPhase.ANALYSE)
    analysis = models.TextField(_("analysis"), max_length=3000, blank=True)
    approach = models.TextField(_("plan of approach"), max_length=3000, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    evaluate_on = models.DateField(_("evaluate on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.goal

    def clean(self) -> None:
        if self.evaluate_on and self.starts_on and self.evaluate_on < self.starts_on:
            raise ValidationError({"evaluate_on": _("The evaluation date cannot be before the start date.")})


class GoalEvaluation(models.Model):
    """One evaluation of a goal (the 'evaluate' step of the HGW cycle)."""

    goal = models.ForeignKey(GrowthGoal, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"), default=timezone.localdate)
    text = models.TextField(_("evaluation"), max_length=3000)
    goal_reached = models.BooleanField(_("goal reached"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["evaluated_on", "pk"]


class GrowthDocumentChange(models.Model):
    """Field-level history of the groeidocument that users can see: field, old, new, who, when."""

    document = models.ForeignKey(GrowthDocument, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    #: Set by `growth_history` only: the field's label as users read it (not a column).
    label: StrOrPromise

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["document", "version"])]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE
