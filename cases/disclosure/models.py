"""Models of the right of access: the access request (inzageverzoek) and its answer."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import Guardian, Pupil


class AccessRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class AccessRequestVia(models.TextChoices):
    PORTAL = "portal", _("Parent pages")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")


class AccessRequest(models.Model):
    """Inzageverzoek: a guardian (for a pupil under 16) or the pupil (16 or older) asks for
    everything the school holds on the pupil. Answered within a month of receipt, extendable once
    by at most two months with a reason (AVG art. 12(3))."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="access_requests")
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("requested by guardian"),
    )
    by_pupil = models.BooleanField(_("requested by the pupil"), default=False)
    via = models.CharField(_("received by"), max_length=20, choices=AccessRequestVia.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due on"))
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for extending the term"), max_length=1000, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AccessRequestStatus.choices, default=AccessRequestStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    produced_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_pdf = models.FileField(upload_to="access_requests/%Y/", blank=True)
    answer_zip = models.FileField(upload_to="access_requests/%Y/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_pupil=True, guardian__isnull=True) | models.Q(by_pupil=False),
                name="access_request_one_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Access request')} {str(self.uuid)[:8]}"

    @property
    def term_ends_on(self) -> date:
        """The date the answer is due, after any extension."""
        return self.extended_until or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == AccessRequestStatus.OPEN

    def is_overdue_on(self, day: date) -> bool:
        return self.is_open and day > self.term_ends_on

    @property
    def requester_label(self) -> str:
        if self.by_pupil:
            return str(_("the pupil"))
        if self.guardian is not None:
            return self.guardian.name
        return str(_("a guardian (removed)"))
