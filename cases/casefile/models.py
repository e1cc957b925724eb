"""Models of the case file: the case, its status and care level, regie, notes, interventions,
attachments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.casefile.event_text import event_text
from cases.consent.models import Consent
from cases.pupils.models import Pupil
from ot_portal.core.access import ObjectGrantBase
from ot_portal.core.append_only import append_only_trigger
from ot_portal.core.models import School


class CareLevel(models.TextChoices):
    """Step on the 1-zorgroute escalation ladder."""

    GROUP_DISCUSSION = "group", _("Group discussion")
    PUPIL_DISCUSSION = "pupil", _("Pupil discussion")
    OT = "ot", _("Support team (OT)")
    CLO = "clo", _("CLO")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACTIVE = "active", _("Active")
    ESCALATED = "escalated", _("Escalated to CLO")
    CLOSED = "closed", _("Closed")


#: Statuses of an open case. The workflow (cases/casefile/workflow.py OPEN_STATUSES) is built from
#: this tuple; it lives here because the database constraint below needs it too.
OPEN_CASE_STATUSES = (CaseStatus.REGISTERED, CaseStatus.ACTIVE, CaseStatus.ESCALATED)

#: The badge of each status wherever a case's status is shown as one (a Bootstrap class).
CASE_STATUS_BADGES: dict[str, str] = {
    CaseStatus.REGISTERED: "text-bg-info",
    CaseStatus.ACTIVE: "text-bg-primary",
    CaseStatus.ESCALATED: "text-bg-warning",
    CaseStatus.CLOSED: "text-bg-secondary",
}


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    YOUTH_CARE = "youth_care", _("Youth care started")
    TLV_GRANTED = "tlv_granted", _("TLV granted")
    MOVED_SCHOOL = "moved_school", _("Moved school")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    OTHER = "other", _("Other")


class Case(models.Model):
    """Casus: a pupil's file in the OT, from intake to closing."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="cases")
    # Denormalised from the pupil so every access filter is one indexed column.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    care_level = models.CharField(_("care level"), max_length=10, choices=CareLevel.choices, default=CareLevel.OT)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
        verbose_name=_("case lead (regie)"),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on"]
        indexes = [models.Index(fields=["school", "status"])]
        permissions = [("access_granted_case", "May see this named case under parental consent")]
        constraints = [
            # At most one open case per pupil: a second one would split actions, meetings and
            # consent-based access over two files nobody reconciles.
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(status__in=[s.value for s in OPEN_CASE_STATUSES]),
                name="one_open_case_per_pupil",
                violation_error_message=_("This pupil already has an open case."),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Case')} {str(self.uuid)[:8]}"

    @property
    def status_badge(self) -> str:
        return CASE_STATUS_BADGES.get(self.status, "text-bg-info")


class CaseGrant(ObjectGrantBase):
    """A per-case grant for a professional from outside the school, backed by consent."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, null=True, blank=True, related_name="grants")

    class Meta(ObjectGrantBase.Meta):
        verbose_name = _("case access grant")
        verbose_name_plural = _("case access grants")


class CaseStatusChange(models.Model):
    """Append-only status history: who, when, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE


class CaseEventKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    STATUS = "status", _("Status change")
    CARE_LEVEL = "care_level", _("Care level")
    REGIE = "lead", _("Case lead (regie)")  # stored value "lead" kept for existing events
    CONSENT = "consent", _("Consent")
    NOTE = "note", _("Consultation")
    INTERVENTION = "intervention", _("Intervention")
    ACTION = "action", _("Action")
    DOCUMENT = "document", _("Document")
    MEETING = "meeting", _("OT meeting")
    DECISION = "decision", _("Decision")
    CLO = "clo", _("CLO request")
    GROWTH_DOC = "growth_doc", _("Growth document")


class CaseEvent(models.Model):
    """One line on the case timeline. Every app adds events through
    cases.casefile.timeline.case_event_add.

    The line is stored as a `message` code with its `params` and rendered in the reader's language
    (`text`, see cases/casefile/event_text.py). The params hold codes, dates, references and staff
    names, and at most a short reason typed by a user; no pupil name and no case note itself, so
    the timeline can be shown to everyone who may see the case.
    """

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    message = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    source_app = models.CharField(max_length=20, default="cases")
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"])]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE

    @property
    def text(self) -> str:
        """The event's sentence in the active language."""
        return event_text(self.message, self.params)


class CaseLeadChange(models.Model):
    """Append-only record of regie moving between OT members, with the handover note (overdrachtsnotitie)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lead_changes")
    from_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("handover note"), max_length=2000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    # Set when regie moved by itself because the holder lost access (cases/casefile/regie.py);
    # the new holder sees it on the home page.
    automatic_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE


class CaseNoteKind(models.TextChoices):
    PARENT_CONTACT = "parent_contact", _("Contact with parents")
    ADVICE = "advice", _("Advice from an OT member")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class CaseNote(models.Model):
    """Consultatie between meetings: a call with a parent, advice from the youth nurse."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseNoteKind.choices, default=CaseNoteKind.CONSULTATION)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    with_whom = models.CharField(_("with whom"), max_length=150, blank=True)
    text = models.TextField(_("note"), max_length=4000)
    #: A personal working note: shown to its author alone, and left out of an inzage answer
    #: (AVG art. 15 covers the file, not a professional's own working notes).
    author_only = models.BooleanField(
        _("personal working note (only I see it)"),
        default=False,
        help_text=_("Left out for the rest of the team and out of the answer to an access request."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-occurred_on", "-pk"]

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("This date cannot be in the future.")})


class InterventionLevel(models.TextChoices):
    IN_CLASS = "in_class", _("Extra support in class")
    STAFF_SUPPORT = "staff_support", _("Support for staff")
    DIAGNOSTICS = "diagnostics", _("Needs-based diagnostics")
    PARENT_SUPPORT = "parent_support", _("Support for parents")
    YOUTH_CARE = "youth_care", _("Youth care")


class Intervention(models.Model):
    """An intervention (interventie) at one level, with provider, period and evaluation."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    level = models.CharField(_("level"), max_length=20, choices=InterventionLevel.choices)
    description = models.CharField(_("what"), max_length=500)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), max_length=4000, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        if self.evaluated_on and self.starts_on and self.evaluated_on < self.starts_on:
            raise ValidationError({"evaluated_on": _("An evaluation cannot be before the start.")})


#: Upload limit for attachments (10 MB).
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class Attachment(models.Model):
    """Bijlage, e.g. a psychological report. Stored in private storage, served only by an
    access-checked, logged view. A third-party report needs consent to be shared."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_third_party_report = models.BooleanField(_("report by a third party"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name
