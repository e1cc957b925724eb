"""Requests to the Commissie Leerling Ondersteuning (CLO) and what follows from them.

Dutch terms: aanvraag (Request), toelaatbaarheidsverklaring / TLV (Decision with a TLV kind),
bekostigingscategorie laag/midden/hoog (FundingCategory), arrangement, verlenging / herindicatie
(RequestKind.EXTENSION), onderbouwing (the substantiation fields), zienswijze ouders (parents'
view), rapport van derden (ThirdPartyReport), CLO-vergadering (CommitteeMeeting), stem (Vote),
deskundigenadvies (ExpertAdvice), besluit (Decision), bezwaar (Objection), Landelijke
Bezwaarcommissie Toelaatbaarheid / LBT (the objections committee).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import CONSENT_DISCIPLINES, Attachment, Case
from ot_portal.core.append_only import append_only_trigger
from ot_portal.core.formats import date_prose
from ot_portal.core.models import Board, CommitteeMembership, ExpertDiscipline, Partnership, School


class RequestKind(models.TextChoices):
    TLV_SBO = "tlv_sbo", _("TLV special primary school (SBO)")
    TLV_SO = "tlv_so", _("TLV special school (SO)")
    ARRANGEMENT = "arrangement", _("Arrangement")
    EXTENSION = "extension", _("Extension or re-assessment of a TLV")


#: Kinds that lead to a TLV (and so need two expert advices).
TLV_KINDS = frozenset({RequestKind.TLV_SBO, RequestKind.TLV_SO, RequestKind.EXTENSION})


class FundingCategory(models.TextChoices):
    """Bekostigingscategorie of an SO TLV."""

    LOW = "low", _("Low (1)")
    MEDIUM = "medium", _("Medium (2)")
    HIGH = "high", _("High (3)")


class ArrangementType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual arrangement")
    GROUP = "group", _("Group arrangement")
    EXPERTISE = "expertise", _("Expertise arrangement")
    TEMPORARY_PLACEMENT = "temporary_placement", _("Temporary placement")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Awaiting the director's confirmation")
    SUBMITTED = "submitted", _("Submitted")
    INCOMPLETE = "incomplete", _("Incomplete")
    ACCEPTED = "accepted", _("Accepted")
    PLANNED = "planned", _("Planned in a CLO meeting")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Statuses the committee never sees: the school is still preparing the request.
SCHOOL_ONLY_STATUSES = frozenset({RequestStatus.DRAFT, RequestStatus.READY})

#: The badge of each status wherever a request's status is shown as one (a Bootstrap class); the
#: statuses of the committee's own work (submitted, accepted, planned) share the primary colour.
REQUEST_STATUS_BADGES: dict[str, str] = {
    RequestStatus.DRAFT: "text-bg-light border",
    RequestStatus.READY: "text-bg-light border",
    RequestStatus.SUBMITTED: "text-bg-primary",
    RequestStatus.INCOMPLETE: "text-bg-warning",
    RequestStatus.ACCEPTED: "text-bg-primary",
    RequestStatus.PLANNED: "text-bg-primary",
    RequestStatus.DECIDED: "text-bg-success",
    RequestStatus.WITHDRAWN: "text-bg-secondary",
}


class Request(models.Model):
    """Aanvraag bij de CLO. The applicant is the school board; the IB prepares, the director confirms."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="clo_requests")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="clo_requests")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="clo_requests", verbose_name=_("applicant"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="clo_requests")
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    funding_category = models.CharField(
        _("funding category"), max_length=10, choices=FundingCategory.choices, blank=True
    )
    arrangement_type = models.CharField(
        _("type of arrangement"), max_length=30, choices=ArrangementType.choices, blank=True
    )
    extends_decision = models.ForeignKey(
        "Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension_requests",
        verbose_name=_("TLV to extend"),
    )
    # Onderbouwing, assembled from the case and edited by the IB.
    support_needs = models.TextField(_("support needs"), blank=True, max_length=4000)
    development_perspective = models.TextField(_("development perspective (OPP)"), blank=True, max_length=4000)
    interventions = models.TextField(_("interventions and their results"), blank=True, max_length=4000)
    interventions_evaluated = models.BooleanField(_("the interventions have been evaluated"), default=False)
    basic_support = models.TextField(_("basic support given"), blank=True, max_length=3000)
    extra_support = models.TextField(_("extra support given"), blank=True, max_length=3000)
    # "zienswijze": the parents' formal view in a CLO request (cases' "parents' view" is their "visie").
    parents_view = models.TextField(pgettext_lazy("CLO", "parents' view"), blank=True, max_length=3000)
    parents_agree = models.BooleanField(_("parents agree with the request"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    meeting = models.ForeignKey(
        "CommitteeMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("CLO meeting"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("CLO request")
        verbose_name_plural = _("CLO requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["school", "status"]),
        ]

    def __str__(self) -> str:
        return f"{_('Request')} {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.uuid)[:8].upper()

    @property
    def is_tlv(self) -> bool:
        return self.kind in TLV_KINDS

    @property
    def is_incomplete(self) -> bool:
        """The committee asked the school for missing parts (the term is suspended meanwhile)."""
        return self.status == RequestStatus.INCOMPLETE

    @property
    def is_planned(self) -> bool:
        """On a CLO meeting's agenda: the voting members vote on it there."""
        return self.status == RequestStatus.PLANNED

    @property
    def is_decided(self) -> bool:
        return self.status == RequestStatus.DECIDED

    @property
    def status_badge(self) -> str:
        return REQUEST_STATUS_BADGES.get(self.status, "text-bg-primary")

    def clean(self) -> None:
        errors = {}
        if self.kind == RequestKind.TLV_SO and not self.funding_category:
            errors["funding_category"] = _("A TLV for a special school needs a funding category.")
        if self.kind not in (RequestKind.TLV_SO, RequestKind.EXTENSION) and self.funding_category:
            errors["funding_category"] = _("Only a TLV for a special school has a funding category.")
        if self.kind == RequestKind.ARRANGEMENT and not self.arrangement_type:
            errors["arrangement_type"] = _("Choose the type of arrangement.")
        if self.kind != RequestKind.ARRANGEMENT and self.arrangement_type:
            errors["arrangement_type"] = _("Only an arrangement has a type.")
        if self.kind == RequestKind.EXTENSION and not self.extends_decision_id:
            errors["extends_decision"] = _("Choose the TLV to extend.")
        if self.case_id and self.school_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case belongs to another school.")
        if errors:
            raise ValidationError(errors)


class RequestStatusChange(models.Model):
    """Append-only history of a request: who, when, why (and, for 'incomplete', what is missing)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    missing_items = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("Request history is append-only.")
        super().save(*args, **kwargs)


class ThirdPartyReport(models.Model):
    """Rapport van derden attached to a request (e.g. a psychological assessment).

    It may be included only while a consent in force covers the author's discipline.
    """

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "request__case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reports")
    attachment = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file from the case"),
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author and organisation"), max_length=200)
    author_discipline = models.CharField(_("discipline of the author"), max_length=30, choices=CONSENT_DISCIPLINES)
    report_date = models.DateField(_("date of the report"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("third-party report")
        verbose_name_plural = _("third-party reports")
        ordering = ["report_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.report_date and self.report_date > timezone.localdate():
            raise ValidationError({"report_date": _("The date of the report cannot be in the future.")})
        if self.request_id and self.attachment is not None and self.attachment.case_id != self.request.case_id:
            raise ValidationError({"attachment": _("That file belongs to another case.")})


class CompletenessRequirement(models.Model):
    """Which completeness checks a partnership requires for a kind of request (configurable)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="clo_requirements")
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    check_code = models.CharField(_("check"), max_length=40)

    class Meta:
        verbose_name = _("completeness requirement")
        verbose_name_plural = _("completeness requirements")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind", "check_code"], name="uniq_clo_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.check_code}"


class CommitteeMeeting(models.Model):
    """CLO-vergadering: a date, the members present and the requests planned in it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="clo_meetings")
    date = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    members_present = models.ManyToManyField(
        CommitteeMembership, blank=True, related_name="meetings_attended", verbose_name=_("members present")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("CLO meeting")
        verbose_name_plural = _("CLO meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{_('CLO meeting')} {date_prose(self.date)}"


class VoteChoice(models.TextChoices):
    IN_FAVOUR = "in_favour", _("In favour")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """A voting member's vote on one request in one meeting. Advisory members cannot vote."""

    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.CASCADE, related_name="votes")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommitteeMembership, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "request", "member"], name="uniq_clo_vote")]
        ordering = ["cast_at", "pk"]


class ExpertAssignment(models.Model):
    """An expert asked to advise on a request; only then may they read it."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(CommitteeMembership, on_delete=models.PROTECT, related_name="clo_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="uniq_clo_assignment")]
        ordering = ["assigned_at", "pk"]


class AdviceRecommendation(models.TextChoices):
    GRANT = "grant", _("Grant")
    GRANT_OTHER = "grant_other", _("Grant with another category or period")
    REJECT = "reject", _("Reject")


class ExpertAdvice(models.Model):
    """Deskundigenadvies. The discipline is copied at writing time so later changes do not rewrite it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="advices")
    expert = models.ForeignKey(CommitteeMembership, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    discipline = models.ForeignKey(ExpertDiscipline, on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=AdviceRecommendation.choices)
    advice = models.TextField(_("advice"), max_length=5000)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expert advice")
        verbose_name_plural = _("expert advices")
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="uniq_clo_advice")]
        ordering = ["given_at", "pk"]


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    GRANTED_OTHER = "granted_other", _("Granted with another category or period")
    REJECTED = "rejected", _("Rejected")


GRANTED_OUTCOMES = frozenset({DecisionOutcome.GRANTED, DecisionOutcome.GRANTED_OTHER})


class Decision(models.Model):
    """Besluit on a request; a granted TLV decision is a toelaatbaarheidsverklaring in the register.

    A decision on objection that revises it is a new row pointing at it (`revises`); the old one
    is then superseded, never edited.
    """

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "request__case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("decision number"), max_length=30, unique=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    funding_category = models.CharField(
        _("funding category"), max_length=10, choices=FundingCategory.choices, blank=True
    )
    motivation = models.TextField(_("motivation"), max_length=6000)
    starts_on = models.DateField(_("valid from"), null=True, blank=True)
    ends_on = models.DateField(pgettext_lazy("TLV", "valid until"), null=True, blank=True)  # "tot en met"
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revises = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions")
    superseded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["ends_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_granted(self) -> bool:
        return self.outcome in GRANTED_OUTCOMES

    @property
    def is_tlv(self) -> bool:
        return self.kind in TLV_KINDS

    def clean(self) -> None:
        errors = {}
        if self.outcome in GRANTED_OUTCOMES and self.kind in TLV_KINDS:
            if not self.starts_on or not self.ends_on:
                errors["ends_on"] = _("A granted TLV needs a start and an end date.")
            elif self.ends_on <= self.starts_on:
                errors["ends_on"] = _("The end date must be after the start date.")
        if self.kind == RequestKind.TLV_SO and self.outcome in GRANTED_OUTCOMES and not self.funding_category:
            errors["funding_category"] = _("A TLV for a special school needs a funding category.")
        if errors:
            raise ValidationError(errors)


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Objection upheld: decision revised")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld: decision revised")
    REJECTED = "rejected", _("Objection unfounded: decision stands")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Objection(models.Model):
    """Bezwaar against a decision, with the LBT advice, hearing and decision on objection (Awb 7:10)."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "decision__request__case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("objection received on"))
    objector = models.CharField(_("objector"), max_length=200, help_text=_("e.g. the parents"))
    grounds = models.TextField(_("grounds"), max_length=5000)
    lbt_advice_requested_on = models.DateField(_("LBT advice requested on"), null=True, blank=True)
    lbt_advice_received_on = models.DateField(_("LBT advice received on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing on"), null=True, blank=True)
    hearing_report = models.TextField(_("report of the hearing"), blank=True, max_length=5000)
    extension_weeks = models.PositiveSmallIntegerField(_("extension (weeks)"), default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    extension_recorded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revised_decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Objection')} {self.decision.number}"

    def clean(self) -> None:
        errors = {}
        decided = self.decision.decided_on if self.decision_id else None
        if decided and self.received_on and self.received_on < decided:
            errors["received_on"] = _("An objection cannot be received before the decision was taken.")
        if self.received_on:
            for name in ("lbt_advice_requested_on", "lbt_advice_received_on", "hearing_on", "decided_on"):
                value = getattr(self, name)
                if value and value < self.received_on:
                    errors[name] = _("This date cannot be before the objection was received.")
        if (
            self.lbt_advice_requested_on
            and self.lbt_advice_received_on
            and self.lbt_advice_received_on < self.lbt_advice_requested_on
        ):
            errors["lbt_advice_received_on"] = _("The advice cannot arrive before it was requested.")
        if self.extension_weeks > 6:
            errors["extension_weeks"] = _("The decision on an objection can be postponed by at most six weeks.")
        if self.extension_weeks and not self.extension_reason:
            errors["extension_reason"] = _("Record why the decision on the objection is postponed.")
        if self.outcome != ObjectionOutcome.PENDING and not self.decided_on:
            errors["decided_on"] = _("Give the date of the decision on the objection.")
        if errors:
            raise ValidationError(errors)
