"""Organisation model: partnership, boards, districts, schools, school years, people and roles.

Dutch terms: samenwerkingsverband (Partnership), schoolbestuur / bevoegd gezag (Board),
gemeente / stadsdeel (District), school / vestiging with BRIN (School), ondersteuningsteam
(a school's memberships), Commissie Leerling Ondersteuning (CommitteeMembership).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ot_portal.core.append_only import append_only_trigger


class Role(models.TextChoices):
    """A person's role in a school's ondersteuningsteam (OT). What each role may do, and whether it is employed
    by the school or reaches a case only through a consent-backed grant, is in ot_portal.core.access."""

    DIRECTOR = "director", _("Director")
    IB = "ib", _("Internal care coordinator (IB)")
    TEACHER = "teacher", _("Class teacher")
    ORTHOPEDAGOGUE = "orthopedagogue", _("Orthopedagogue")
    YOUTH_NURSE = "youth_nurse", _("Youth nurse")
    SCHOOL_SOCIAL_WORKER = "school_social_worker", _("School social worker")
    SOCIAL_TEAM = "social_team", _("Social-team worker")
    VISITING_SPECIALIST = "visiting_specialist", _("Visiting specialist")
    CARE_PROVIDER = "care_provider", _("Care provider")


class CommitteeRole(models.TextChoices):
    """Seat in the Commissie Leerling Ondersteuning (CLO); which seats vote is in ot_portal.core.access."""

    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    ORTHOPEDAGOGUE = "orthopedagogue", _("Orthopedagogue")
    ADVISOR = "advisor", _("Advisor (open chair)")
    EXPERT = "expert", _("Expert")


class PartnershipRoleKind(models.TextChoices):
    STAFF = "staff", _("Partnership staff (aggregates only)")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")


class TeamPosition(models.TextChoices):
    CORE = "core", _("Core member")
    ON_CALL = "on_call", _("On call")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A personal account; e-mail is the login. Never shared per school."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("For professionals from outside the school, e.g. GGD."),
    )
    # The language the user chose with the language switch; empty: not chosen (Dutch).
    language = models.CharField(
        _("language"), max_length=8, choices=[("nl", _("Dutch")), ("en", _("English"))], blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the administration"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)


class Partnership(models.Model):
    """Samenwerkingsverband passend onderwijs: the school boards of a region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. PO 25-05"))

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name


class PartnershipSettings(models.Model):
    """Per-partnership rules; editable by the functional administrator."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="settings")
    tlv_default_school_years = models.PositiveSmallIntegerField(
        _("default TLV duration (school years)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    tlv_end_month = models.PositiveSmallIntegerField(
        _("TLV end month"), default=7, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    tlv_end_day = models.PositiveSmallIntegerField(
        _("TLV end day"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("decision term target (weeks)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("At most eight weeks (Awb 4:13); many partnerships promise six."),
    )
    reassessment_deadline_month = models.PositiveSmallIntegerField(
        _("re-assessment deadline month"), default=4, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    reassessment_deadline_day = models.PositiveSmallIntegerField(
        _("re-assessment deadline day"), default=15, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention after a pupil leaves (years)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    access_log_retention_years = models.PositiveSmallIntegerField(
        _("retention of the access log (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Access log entries older than this are deleted by the daily purge. The log holds no names, "
            "so it may outlive the pupils it mentions: long enough to answer who looked at a file."
        ),
    )
    meetings_per_year_min = models.PositiveSmallIntegerField(_("OT meetings per year, minimum"), default=6)
    meetings_per_year_max = models.PositiveSmallIntegerField(_("OT meetings per year, maximum"), default=8)
    action_escalation_days = models.PositiveSmallIntegerField(_("escalate overdue actions after (days)"), default=14)
    case_inactivity_weeks = models.PositiveSmallIntegerField(_("flag cases without activity after (weeks)"), default=6)
    consent_both_holders_required = models.BooleanField(
        _("consent needs both holders of parental authority"),
        default=True,
        help_text=_(
            "When two guardians hold parental authority, sharing waits until both agreed. Switched off, "
            "one agreement is enough when the other holder was informed; a refusal by either always wins."
        ),
    )
    intake_required_fields = models.JSONField(
        _("required intake fields"),
        default=list,
        blank=True,
        help_text=_("Field names of the intake form that must be filled in, besides the always required ones."),
    )

    class Meta:
        verbose_name = _("partnership settings")
        verbose_name_plural = _("partnership settings")

    def __str__(self) -> str:
        return str(self.partnership)

    def clean(self) -> None:
        if self.meetings_per_year_min > self.meetings_per_year_max:
            raise ValidationError(_("The minimum number of meetings cannot exceed the maximum."))
        try:
            date(2001, self.tlv_end_month, self.tlv_end_day)
            date(2001, self.reassessment_deadline_month, self.reassessment_deadline_day)
        except ValueError as exc:
            raise ValidationError(_("That day does not exist in that month.")) from exc


class ExpertDiscipline(models.Model):
    """A discipline that may give a deskundigenadvies on a TLV request."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="disciplines")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    is_primary = models.BooleanField(
        _("orthopedagogue or psychologist"),
        default=False,
        help_text=_("A TLV needs at least one advice from a discipline marked like this."),
    )

    class Meta:
        verbose_name = _("expert discipline")
        verbose_name_plural = _("expert disciplines")
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="uniq_discipline_code")]
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """Schoolbestuur (bevoegd gezag): the legal applicant for a TLV."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(_("name"), max_length=200)
    board_number = models.CharField(_("board number"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Gemeente, stadsdeel or wijk: OTs in one district are organised alike."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=200)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("A BRIN code is two digits and two capital letters, e.g. 12AB.")
)
location_validator = RegexValidator(r"^[0-9]{2}$", _("The location number is two digits, e.g. 00."))


class School(models.Model):
    """A school location (vestiging) with its BRIN code and location number."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("name"), max_length=200)
    brin = models.CharField(_("BRIN code"), max_length=4, validators=[brin_validator])
    location_number = models.CharField(
        _("location number"), max_length=2, default="00", validators=[location_validator]
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["brin", "location_number"], name="uniq_school_brin_location")]

    def __str__(self) -> str:
        return self.name

    @property
    def brin_code(self) -> str:
        return f"{self.brin}{self.location_number}"

    @property
    def partnership_id(self) -> int:
        return self.board.partnership_id

    def clean(self) -> None:
        if self.board_id and self.district_id and self.board.partnership_id != self.district.partnership_id:
            raise ValidationError(_("Board and district must belong to the same partnership."))


class SupportTeamRole(models.Model):
    """Whether a role belongs to a school's core OT or is on call (differs per school and district)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="team_roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    position = models.CharField(_("position"), max_length=10, choices=TeamPosition.choices)

    class Meta:
        verbose_name = _("OT composition")
        verbose_name_plural = _("OT composition")
        constraints = [models.UniqueConstraint(fields=["school", "role"], name="uniq_team_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.get_position_display()}"


class SchoolYear(models.Model):
    """A school year, 1 August to 31 July; named by its first calendar year (2026 = 2026-2027)."""

    start_year = models.PositiveSmallIntegerField(_("start year"), unique=True)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 8, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 7, 31)

    @staticmethod
    def start_year_for(day: date) -> int:
        return day.year if day.month >= 8 else day.year - 1

    @classmethod
    def for_date(cls, day: date | None = None) -> SchoolYear:
        day = day or timezone.localdate()
        year, _created = cls.objects.get_or_create(start_year=cls.start_year_for(day))
        return year

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class SchoolGroup(models.Model):
    """A class group (groep 1-8, e.g. "5a") of a school in one school year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("group"), max_length=20)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year", "name"], name="uniq_group")]

    def __str__(self) -> str:
        return f"{_('Group')} {self.name}"


class ValidityQuerySet[M: models.Model](models.QuerySet[M]):
    def active(self, on: date | None = None) -> ValidityQuerySet[M]:
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on))

    def held_by(self, user: User | AnonymousUser, *, on: date | None = None) -> ValidityQuerySet[M]:
        """The rows of `user` in force on `on` (today), while the account is active; none when signed out."""
        if not user.is_authenticated:
            return self.none()
        return self.active(on).filter(user=user, user__is_active=True)


class ValidityPeriod(models.Model):
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date cannot be before the start date.")})

    def is_active(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)


class SchoolMembership(ValidityPeriod):
    """A user's role at a school (membership of its ondersteuningsteam). Ends, never deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    groups = models.ManyToManyField(SchoolGroup, blank=True, related_name="teachers", verbose_name=_("groups taught"))

    class Meta:
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")
        ordering = ["school__name", "role"]
        indexes = [models.Index(fields=["user", "school", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.school}"


class CommitteeMembership(ValidityPeriod):
    """A seat in the partnership's CLO. Voting seats hold Perm.CLO_VOTE (core.access); the others advise."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="committee_memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="committee_memberships")
    role = models.CharField(_("committee role"), max_length=20, choices=CommitteeRole.choices)
    discipline = models.ForeignKey(
        ExpertDiscipline, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("discipline")
    )

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    @property
    def is_expert(self) -> bool:
        """An expert seat advises in one discipline (deskundige)."""
        return self.role == CommitteeRole.EXPERT

    def clean(self) -> None:
        super().clean()
        if self.is_expert and not self.discipline_id:
            raise ValidationError({"discipline": _("An expert needs a discipline.")})


class PartnershipRole(ValidityPeriod):
    """Partnership-wide role: staff (aggregate figures only) or functional administrator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="partnership_roles")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=20, choices=PartnershipRoleKind.choices)

    class Meta:
        verbose_name = _("partnership role")
        verbose_name_plural = _("partnership roles")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class AccessLog(models.Model):
    """Append-only record of every access to protected data, allowed or refused."""

    class Action(models.TextChoices):
        VIEW = "view", _("view")
        LIST = "list", _("list")
        EDIT = "edit", _("edit")
        EXPORT = "export", _("PDF/CSV export")
        DOWNLOAD = "download", _("download")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("allowed")
        REFUSED = "refused", _("refused")
        NOT_FOUND = "not_found", _("not found")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: users are deactivated, never deleted (nulling would be an UPDATE the trigger refuses).
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    roles = models.CharField(max_length=200, blank=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    #: The pupil the row concerns: a plain UUID, not a foreign key, so the row outlives the
    #: pupil's erasure (ADR 0002) and still answers "who opened this file" until then.
    pupil_key = models.UUIDField(null=True, blank=True)
    #: A guardian acting on the parent pages (no user account); the guardian's UUID.
    guardian_key = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["pupil_key", "-at"], name="accesslog_pupil_at")]
        triggers = [append_only_trigger()]  # ADR 0002: the database refuses UPDATE/DELETE

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("The access log is append-only.")
