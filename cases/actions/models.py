"""Models of actions: agreed actions: owner, due date, overdue, completion, reminders,
escalation."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions.rules import owner_errors
from cases.casefile.models import Case


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def overdue_q(on: date, *, prefix: str = "") -> Q:
    """Overdue, in SQL: still open after its due date. The Python form is Action.is_overdue_on.
    `prefix` reaches the actions through a relation, e.g. "actions__" from a case."""
    return Q(**{f"{prefix}status": ActionStatus.OPEN, f"{prefix}due_on__lt": on})


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, on: date | None = None) -> ActionQuerySet:
        return self.filter(overdue_q(on or timezone.localdate()))


class Action(models.Model):
    """An agreed action with an owner and due date: an OT member, or an external without account."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "case__pupil__uuid"

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

    @property
    def is_open(self) -> bool:
        """Still to be done: neither done nor cancelled (the SQL form is ActionQuerySet.open)."""
        return self.status == ActionStatus.OPEN

    def is_overdue_on(self, on: date) -> bool:
        """Overdue: still open after its due date (the SQL form is overdue_q)."""
        return self.is_open and self.due_on < on

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def clean(self) -> None:
        errors = owner_errors(
            has_member_owner=self.owner_id is not None,
            external_name=self.external_owner_name,
            external_email=self.external_owner_email,
        )
        if errors:
            raise ValidationError(errors)
        if self.done_on and self.status != ActionStatus.DONE:
            raise ValidationError({"done_on": _("Only a finished action has a done date.")})
