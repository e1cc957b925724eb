"""Models of participation (ouderbetrokkenheid): invitations that let a guardian with parental
authority (gezag), or a pupil from 12, reach their own pages without an account; their own
consent answers, their own view (visie) in the groeidocument and their agreement (instemming)
to the action part of the OPP (WPO art. 40a)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.consent.models import Consent
from cases.growth.models import GrowthDocument
from cases.pupils.models import Guardian, Pupil

#: How long the link in the invitation mail works, and the code after it was issued.
LINK_VALID = timedelta(days=14)
CODE_VALID = timedelta(minutes=15)
#: Wrong codes in total, over every code of one invitation, before it locks.
MAX_WRONG_CODES = 5


class EndReason(models.TextChoices):
    REVOKED = "revoked", _("revoked by the school")
    REPLACED = "replaced", _("replaced by a new invitation")
    LOCKED = "locked", _("locked after too many wrong codes")
    AUTHORITY_LOST = "authority_lost", _("the guardian no longer holds parental authority")
    EMAIL_CHANGED = "email_changed", _("the e-mail address changed")
    PUPIL_LEFT = "pupil_left", _("the pupil left the school")
    GUARDIAN_REMOVED = "guardian_removed", _("the guardian was removed")


class InvitationState(models.TextChoices):
    """Where an invitation stands now; the label is its badge on the school's invitations page."""

    LIVE = "live", _("active")
    EXPIRED = "expired", _("link expired")
    LOCKED = "locked", _("locked")
    ENDED = "ended", _("ended")

    @property
    def badge(self) -> str:
        badges = {InvitationState.LIVE: "text-bg-success", InvitationState.LOCKED: "text-bg-danger"}
        return badges.get(self, "text-bg-secondary")

    @property
    def is_ended(self) -> bool:
        """Ended on purpose or by a rule; the invitation's `end_reason` says why."""
        return self is InvitationState.ENDED


class CodeChannel(models.TextChoices):
    SMS = "sms", _("text message")
    STAFF = "staff", _("given by the school")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Not ended by anyone (an expired link is still 'open' until it is replaced)."""
        return self.filter(ended_at__isnull=True)

    def live(self, at: datetime | None = None) -> InvitationQuerySet:
        at = at or timezone.now()
        return self.open().filter(expires_at__gt=at, wrong_codes__lt=MAX_WRONG_CODES)


class Invitation(models.Model):
    """Uitnodiging: one guardian with parental authority (or the pupil, `guardian` empty) may open
    the parent pages of one pupil. The link's token and the code are stored only as keyed hashes
    (cases/participation/tokens.py); the plain values exist only in the mail, the SMS or the one
    response that shows the code to the school."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="invitations")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("mobile number for the code"), max_length=30, blank=True)
    asked_items = models.JSONField(_("what is asked"), default=list, blank=True)
    token_hash = models.CharField(max_length=128, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_channel = models.CharField(max_length=10, choices=CodeChannel.choices, blank=True)
    code_requested_at = models.DateTimeField(null=True, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "guardian"],
                condition=Q(ended_at__isnull=True, guardian__isnull=False),
                name="uniq_open_invitation_per_guardian",
            ),
            models.UniqueConstraint(
                fields=["pupil"],
                condition=Q(ended_at__isnull=True, guardian__isnull=True),
                name="uniq_open_invitation_for_pupil",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Invitation')} {str(self.uuid)[:8]}"

    @property
    def for_pupil(self) -> bool:
        return self.guardian_id is None

    @property
    def participant_name(self) -> str:
        return self.guardian.name if self.guardian is not None else self.pupil.first_name

    def state(self, at: datetime | None = None) -> InvitationState:
        """Live, expired, locked or ended (the reason is in `end_reason`)."""
        at = at or timezone.now()
        if self.ended_at:
            return InvitationState.ENDED
        if self.wrong_codes >= MAX_WRONG_CODES:
            return InvitationState.LOCKED
        if self.expires_at <= at:
            return InvitationState.EXPIRED
        return InvitationState.LIVE

    @property
    def is_live(self) -> bool:
        return self.state() == InvitationState.LIVE

    @property
    def masked_email(self) -> str:
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}{'•' * max(2, len(local) - 1)}@{domain}"


class MailStatus(models.TextChoices):
    PENDING = "pending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not sent")


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    ENDED_OLD_ADDRESS = "ended_old_address", _("notice to the old address")


class InvitationMail(models.Model):
    """A mail about an invitation and whether the mail server took it (shown per invitation)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=20, choices=MailKind.choices)
    to = models.EmailField()
    status = models.CharField(max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def has_failed(self) -> bool:
        """The mail server did not accept it: the school should check the address."""
        return self.status == MailStatus.FAILED


class ParticipantConsentAnswer(models.Model):
    """Which answers a guardian (or the pupil) gave on the parent pages, in which consent version
    they ended up, and which version of the consent text they were shown."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="participant_answers")
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="consent_answers")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answers = models.JSONField(default=dict)
    text_version = models.CharField(max_length=40)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]


class ParticipantView(models.Model):
    """Visie van ouders / mijn visie: the text a guardian or the pupil wrote themselves. Every save
    is a new row; the newest per author is the current text."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="participant_views")
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="views")
    guardian = models.ForeignKey(Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.TextField(_("your view"), max_length=3000)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]


class OppAnswer(models.TextChoices):
    AGREE = "agree", _("agrees")
    DISAGREE = "disagree", _("does not agree")


class OppAgreementMethod(models.TextChoices):
    DIGITAL = "digital", _("Digital, on the parent pages")
    PAPER = "paper", _("Signed form, recorded by the school")
    MIGRATED = "migrated", _("Taken over from the former yes/no field")


class OppAgreement(models.Model):
    """Instemming met het handelingsdeel (WPO art. 40a): one holder of authority's answer to one
    version of the OPP's action part, identified by the hash of its text (rules.action_part_hash).
    A later change of the action part makes every earlier answer stale: the parents are asked
    again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(GrowthDocument, on_delete=models.CASCADE, related_name="opp_agreements")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="opp_agreements")
    action_part_hash = models.CharField(max_length=64)
    document_version = models.PositiveIntegerField()
    answer = models.CharField(_("answer"), max_length=10, choices=OppAnswer.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    method = models.CharField(max_length=10, choices=OppAgreementMethod.choices)
    signed_form = models.FileField(upload_to="opp/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("OPP agreement")
        verbose_name_plural = _("OPP agreements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["document", "action_part_hash"])]

    @property
    def agrees(self) -> bool:
        return self.answer == OppAnswer.AGREE
