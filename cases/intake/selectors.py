"""Reads of the intake (the zorgformulier by which a pupil is registered for the OT): every
selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from django.db.models import QuerySet

from cases.intake.models import Intake
from cases.pupils.selectors import pupil_list_for_user


def intake_list_for_user(*, user) -> QuerySet[Intake]:
    """Intakes of pupils the user may see: drafts started by teachers appear on the IB's list."""
    return (
        Intake.objects.filter(pupil__in=pupil_list_for_user(user=user))
        .select_related("pupil", "created_by", "case")
        .order_by("status", "-updated_at")
    )
