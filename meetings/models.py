"""OT meetings: the year plan, meetings with their three-part agenda, minutes and corrections.

Dutch terms: OT-jaarplan (YearPlan), taak in het OT (YearPlanTask: voorzitter, notulist,
voorbereiding), OT-overleg (Meeting), deelnemer (Participant), themabespreking (ThemeDiscussion),
casusbespreking / agendapunt (AgendaItem), evaluatie en reflectie (Meeting.evaluation_notes),
verslag per casus (ItemMinutes), afgesproken interventie (AgreedIntervention), correctie op een
vastgesteld verslag (MinutesCorrection).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Action, Case, Intervention
from ot_portal.core.append_only import append_only_trigger
from ot_portal.core.formats import date_prose
from ot_portal.core.models import School, SchoolYear


class YearPlan(models.Model):
    """OT-jaarplan: the OT's goals, roles, tasks, composition and meeting dates for one school year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="year_plans")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    goals = models.TextField(_("goals"), blank=True, max_length=5000)
    composition = models.TextField(
        _("composition of the OT this year"), blank=True, max_length=3000, help_text=_("Who takes part, and how often.")
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("year plan")
        verbose_name_plural = _("year plans")
        ordering = ["-school_year__start_year", "school__name"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="uniq_year_plan")]

    def __str__(self) -> str:
        return f"{_('Year plan')} {self.school_year}"


class Task(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MINUTE_TAKER = "minute_taker", _("Minute-taker")
    PREPARATION = "preparation", _("Preparation")


class YearPlanTask(models.Model):
    """A member's role or task in the OT this year (voorzitter, notulist, voorbereiding)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(YearPlan, on_delete=models.CASCADE, related_name="tasks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["task", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "user", "task"], name="uniq_plan_task")]


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


#: The badge of each status wherever a meeting's status is shown as one (a Bootstrap class):
#: held but not approved stands out, the minutes still need approval.
MEETING_STATUS_BADGES: dict[str, str] = {
    MeetingStatus.PLANNED: "text-bg-secondary",
    MeetingStatus.HELD: "text-bg-warning",
    MeetingStatus.APPROVED: "text-bg-success",
    MeetingStatus.CANCELLED: "text-bg-dark",
}


class Meeting(models.Model):
    """OT-overleg: one meeting with its agenda (theme, cases, evaluation) and minutes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(YearPlan, on_delete=models.PROTECT, related_name="meetings")
    # Denormalised from the plan so every access filter is one indexed column.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    evaluation_notes = models.TextField(
        _("evaluation and reflection"),
        blank=True,
        max_length=5000,
        help_text=_("How did the cases go, and how does the OT work together?"),
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("OT meeting")
        verbose_name_plural = _("OT meetings")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{_('OT meeting')} {date_prose(self.date)}"

    @property
    def is_locked(self) -> bool:
        return self.status in (MeetingStatus.APPROVED, MeetingStatus.CANCELLED)

    @property
    def is_approved(self) -> bool:
        """The minutes are approved (vastgesteld): locked, later changes are corrections."""
        return self.status == MeetingStatus.APPROVED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def status_badge(self) -> str:
        return MEETING_STATUS_BADGES.get(self.status, "text-bg-secondary")

    def may_mark_held_on(self, on: datetime.date) -> bool:
        """Whether the meeting may be marked as held on `on`: it is still planned and its day has
        come (a meeting cannot have taken place before its date)."""
        return self.status == MeetingStatus.PLANNED and self.date <= on

    def clean(self) -> None:
        if self.plan_id and self.date and not self.plan.school_year.contains(self.date):
            raise ValidationError({"date": _("The date falls outside the school year of the year plan.")})


class MeetingStatusChange(models.Model):
    """Append-only status history of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE


class ParticipantKind(models.TextChoices):
    CORE = "core", _("Core member")
    ON_CALL = "on_call", _("On call")
    PARENT = "parent", _("Parent")
    TEACHER = "teacher", _("Teacher")
    EXTERNAL = "external", _("External professional")


class Participant(models.Model):
    """Deelnemer: an OT member (core or on call) or a guest for one case item."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guests",
        verbose_name=_("for case item"),
    )

    class Meta:
        ordering = ["kind", "pk"]

    @property
    def display_name(self) -> str:
        return str(self.user) if self.user_id else self.name

    @property
    def is_core(self) -> bool:
        """A core member of the OT (kernlid), as opposed to on call or a guest."""
        return self.kind == ParticipantKind.CORE

    def clean(self) -> None:
        if not self.user_id and not self.name:
            raise ValidationError(_("Choose a member or enter a name."))
        if (
            self.kind in (ParticipantKind.PARENT, ParticipantKind.TEACHER, ParticipantKind.EXTERNAL)
            and not self.item_id
        ):
            raise ValidationError({"item": _("A guest joins for one case item.")})


class ThemeTopic(models.TextChoices):
    SOCIAL_SAFETY = "social_safety", _("Social safety")
    SIGNALLING = "signalling", _("Signalling")
    SOCIAL_MEDIA = "social_media", _("Social media")
    BULLYING = "bullying", _("Bullying")
    ABSENCE = "absence", _("School absence")
    OTHER = "other", _("Other")


class ThemeDiscussion(models.Model):
    """Themabespreking: prevention, the first part of the agenda."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="themes")
    topic = models.CharField(_("topic"), max_length=20, choices=ThemeTopic.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    preventive_agreements = models.TextField(_("preventive agreements"), blank=True, max_length=3000)

    class Meta:
        ordering = ["pk"]


class AgendaItem(models.Model):
    """Casusbespreking: one case on the agenda, by name (under consent) or anonymously.

    An anonymous item keeps its link to the case so outcomes and actions reach the case's own
    (access-controlled) timeline, but meeting pages, agenda PDF and minutes never show it.
    """

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    by_name = models.BooleanField(_("discussed by name"))
    position = models.PositiveSmallIntegerField(default=1)
    question = models.TextField(
        _("question for the OT"),
        max_length=2000,
        blank=True,
        help_text=_("For an anonymous item: no name, initials, date of birth or group."),
    )
    parents_consulted = models.BooleanField(_("parents consulted beforehand"), default=False)
    teacher_invited = models.BooleanField(_("teacher invited"), default=False)
    growth_doc_current = models.BooleanField(_("growth document up to date"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    @property
    def prepared(self) -> bool:
        return self.parents_consulted and self.teacher_invited and self.growth_doc_current


class ParentsPresence(models.TextChoices):
    PRESENT = "present", _("Parents present")
    ABSENT = "absent", _("Parents not present")
    NOT_INVITED = "not_invited", _("Parents not invited")


class Escalation(models.TextChoices):
    NONE = "", _("No escalation")
    CLO_REQUEST = "clo_request", _("Prepare a CLO request")
    YOUTH_CARE = "youth_care", _("Refer to youth care")
    SAFETY = "safety", _("Safe Home report (Veilig Thuis)")
    OTHER = "other", _("Other")


class ItemMinutes(models.Model):
    """Verslag per casus: attendance, conclusions, escalation, regie and next evaluation."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    parents_presence = models.CharField(_("parents"), max_length=20, choices=ParentsPresence.choices)
    attendance = models.CharField(_("also present"), max_length=300, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=5000)
    escalation = models.CharField(_("escalation"), max_length=20, choices=Escalation.choices, blank=True)
    regie = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who has regie"),
    )
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    @property
    def escalates_to_clo(self) -> bool:
        """The OT decided to prepare a CLO request for this case."""
        return self.escalation == Escalation.CLO_REQUEST


class AgreedIntervention(models.Model):
    """Afgesproken interventie: links an intervention agreed in the minutes (it lives in cases as
    the case's own intervention, with its level) to the case item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="interventions")
    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE, related_name="meeting_link")

    class Meta:
        ordering = ["pk"]


class ItemAction(models.Model):
    """Links an action agreed in a meeting (it lives in cases as the case's action) to its item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="item_actions")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="meeting_link")

    class Meta:
        ordering = ["pk"]


class MinutesCorrection(models.Model):
    """A correction appended to approved minutes; the approved text itself is never edited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections")
    text = models.TextField(_("correction"), max_length=3000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "pk"]


class Handover(models.Model):
    """Overdracht: a record of a member's regie and open actions moved to a successor, with the note."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    leaving = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("handover note"), max_length=3000)
    cases_moved = models.PositiveIntegerField(default=0)
    actions_moved = models.PositiveIntegerField(default=0)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_at"]
