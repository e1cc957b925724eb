"""Pupils, guardians, consent, cases and what happens in them.

Dutch terms: leerling (Pupil), ouder/verzorger met gezag (Guardian.has_authority), toestemming
(Consent), casus (Case), regie (Case.lead), zorgniveau in de 1-zorgroute (CareLevel),
tijdlijn (CaseEvent), actie (Action).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ot_portal.core.access import ObjectGrantBase
from ot_portal.core.models import EXTERNAL_ROLES, Role, School, SchoolGroup, SchoolYear


class Pupil(models.Model):
    """A pupil of one school, keyed on the pupil administration's own number. No BSN."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    pupil_number = models.CharField(_("pupil number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name_prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    left_on = models.DateField(_("left school on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "pupil_number"], name="uniq_pupil_number")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name_prefix, self.last_name) if p)

    def age_on(self, day: date | None = None) -> int:
        day = day or timezone.localdate()
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
        if self.left_on and self.date_of_birth and self.left_on < self.date_of_birth:
            raise ValidationError({"left_on": _("A pupil cannot leave before being born.")})


class Enrolment(models.Model):
    """The pupil's group (and so class teacher) in one school year."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(SchoolGroup, on_delete=models.PROTECT, related_name="enrolments")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="uniq_enrolment_year")]

    def clean(self) -> None:
        if self.group_id and self.pupil_id and self.group.school_id != self.pupil.school_id:
            raise ValidationError(_("The group belongs to another school."))
        if self.group_id and self.school_year_id and self.group.school_year_id != self.school_year_id:
            raise ValidationError(_("The group belongs to another school year."))


class Guardian(models.Model):
    """A parent or guardian (ouder/verzorger). Only one with parental authority (gezag) can consent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(
        _("relation"), max_length=50, blank=True, help_text=_("e.g. mother, father, foster parent")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    has_authority = models.BooleanField(_("holds parental authority (gezag)"), default=True)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL = "verbal", _("Verbal, recorded by a staff member")
    DIGITAL = "digital", _("Digital")


#: Disciplines a consent can cover: the roles of people not employed by the school.
_DISCIPLINE_LABELS = {
    Role.ORTHOPEDAGOGUE: _("Orthopedagogue"),
    Role.YOUTH_NURSE: _("Youth nurse"),
    Role.SCHOOL_SOCIAL_WORKER: _("School social worker"),
    Role.SOCIAL_TEAM: _("Social-team worker"),
    Role.VISITING_SPECIALIST: _("Visiting specialist"),
    Role.CARE_PROVIDER: _("Care provider"),
}
CONSENT_DISCIPLINES = [(r.value, _DISCIPLINE_LABELS.get(r, r.label)) for r in Role if r in EXTERNAL_ROLES]


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


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    YOUTH_CARE = "youth_care", _("Youth care started")
    TLV_GRANTED = "tlv_granted", _("TLV granted")
    MOVED_SCHOOL = "moved_school", _("Moved school")
    OTHER = "other", _("Other")


class Case(models.Model):
    """Casus: a pupil's file in the OT, from intake to closing."""

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

    def __str__(self) -> str:
        return f"{_('Case')} {str(self.uuid)[:8]}"


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


class CaseEventKind(models.TextChoices):
    INTAKE = "intake", _("Intake")
    STATUS = "status", _("Status change")
    CARE_LEVEL = "care_level", _("Care level")
    LEAD = "lead", _("Case lead (regie)")
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
    """One line on the case timeline. Higher apps add events through cases.services.case_event_add.

    `summary` is short and written by the system (never the free text itself), so the timeline
    can be shown to everyone who may see the case.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    source_app = models.CharField(max_length=20, default="cases")
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"])]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionQuerySet(models.QuerySet):
    def open(self) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, on: date | None = None) -> ActionQuerySet:
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Action(models.Model):
    """An agreed action with an owner and due date: an OT member, or an external without account."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    external_owner_name = models.CharField(_("external owner"), max_length=150, blank=True)
    external_owner_organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    external_owner_email = models.EmailField(_("e-mail of external owner"), blank=True)
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_reminded_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    source_app = models.CharField(max_length=20, default="cases")
    source_id = models.CharField(max_length=64, blank=True)
    #: Optimistic lock for the edit form: bumped on every edit, a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"]), models.Index(fields=["case", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(external_owner_name=""),
                name="action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return str(self.owner)
        org = f" ({self.external_owner_organisation})" if self.external_owner_organisation else ""
        return f"{self.external_owner_name}{org}"

    def is_overdue(self, on: date | None = None) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < (on or timezone.localdate())

    def clean(self) -> None:
        if not self.owner_id and not self.external_owner_name:
            raise ValidationError(_("Choose an owner, or name an external owner."))
        if self.owner_id and self.external_owner_name:
            raise ValidationError(_("Choose either an OT member or an external owner, not both."))
        if self.external_owner_name and not self.external_owner_email:
            raise ValidationError(
                {"external_owner_email": _("An external owner needs an e-mail address for reminders.")}
            )
        if self.done_on and self.status != ActionStatus.DONE:
            raise ValidationError({"done_on": _("Only a finished action has a done date.")})


# --- Regie handover ---------------------------------------------------------------------------


class CaseLeadChange(models.Model):
    """Append-only record of regie moving between OT members, with the handover note (overdrachtsnotitie)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lead_changes")
    from_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("handover note"), max_length=2000, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]


# --- Intake (zorgformulier) -------------------------------------------------------------------


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ConcernArea(models.TextChoices):
    LEARNING = "learning", _("Learning")
    BEHAVIOUR = "behaviour", _("Behaviour")
    SOCIAL_EMOTIONAL = "social_emotional", _("Social-emotional")
    HOME = "home", _("Home situation")
    HEALTH = "health", _("Health")


class Intake(models.Model):
    """Zorgformulier / aanmeldformulier: registers a pupil for the OT. A teacher may start a draft;
    the IB submits it, which opens a case on care level OT."""

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

    def __str__(self) -> str:
        return f"{_('Intake')} {str(self.uuid)[:8]}"

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


# --- Consultations, interventions, attachments ------------------------------------------------


class CaseNoteKind(models.TextChoices):
    PARENT_CONTACT = "parent_contact", _("Contact with parents")
    ADVICE = "advice", _("Advice from an OT member")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class CaseNote(models.Model):
    """Consultatie between meetings: a call with a parent, advice from the youth nurse."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseNoteKind.choices, default=CaseNoteKind.CONSULTATION)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    with_whom = models.CharField(_("with whom"), max_length=150, blank=True)
    text = models.TextField(_("note"), max_length=4000)
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
    access-checked, logged view. A third-party report needs consent to be shared (DOMAIN.md)."""

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


# --- Groeidocument ----------------------------------------------------------------------------


class OppExitDestination(models.TextChoices):
    REGULAR_SECONDARY = "regular", _("Regular secondary education (vmbo/havo/vwo)")
    PRAKTIJKONDERWIJS = "pro", _("Practical education (praktijkonderwijs)")
    VSO = "vso", _("Special secondary education (vso)")
    LWOO = "lwoo", _("Vmbo with learning support (lwoo)")
    OTHER = "other", _("Other")


class GrowthDocument(models.Model):
    """Groeidocument: the pupil's living file across school years, with an OPP part where needed.

    `version` increases on every save; a save against an older version is refused (edit conflict).
    """

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
    opp_parents_consented = models.BooleanField(_("parents consented to the action part"), null=True, blank=True)
    opp_parents_consented_on = models.DateField(_("date of the parents' consent"), null=True, blank=True)
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
        "opp_parents_consented",
        "opp_parents_consented_on",
        "opp_next_evaluation_on",
    )

    class Meta:
        verbose_name = _("growth document")
        verbose_name_plural = _("growth documents")

    def __str__(self) -> str:
        return f"{_('Growth document')} {str(self.uuid)[:8]}"

    def clean(self) -> None:
        if self.opp_parents_consented_on and self.opp_parents_consented_on > timezone.localdate():
            raise ValidationError({"opp_parents_consented_on": _("This date cannot be in the future.")})
        if self.opp_parents_consented_on and not self.opp_parents_consented:
            raise ValidationError(
                {"opp_parents_consented_on": _("A consent date needs the parents' consent to be ticked.")}
            )


class HgwPhase(models.TextChoices):
    """The handelingsgericht werken cycle."""

    ANALYSE = "analyse", _("Analyse")
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    EVALUATE = "evaluate", _("Evaluate")


class GrowthGoal(models.Model):
    """A goal in the groeidocument, run through the HGW cycle."""

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
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["document", "version"])]
