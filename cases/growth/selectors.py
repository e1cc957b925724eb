"""Reads of the groeidocument (needs, factors, goals with HGW evaluations, the OPP and its
history): every selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Field, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from cases.casefile.models import Case, Intervention
from cases.casefile.selectors import case_list_for_user, granted_case_ids
from cases.growth.models import GrowthDocument, GrowthDocumentChange, GrowthGoal
from cases.pupils.models import Pupil
from cases.pupils.selectors import current_group, pupil_list_for_user
from ot_portal.core.access import AnyUser
from ot_portal.core.formats import date_table


def growth_document_pupils_for_user(*, user: AnyUser) -> QuerySet[Pupil]:
    """Pupils whose groeidocument the user may see: their own pupils, plus pupils of granted cases."""
    if not user.is_authenticated:
        return Pupil.objects.none()
    via_grant = Case.objects.filter(pk__in=granted_case_ids(user)).values("pupil_id")
    return Pupil.objects.filter(pk__in=pupil_list_for_user(user=user).values("pk").union(via_grant))


def growth_document_for(*, pupil: Pupil) -> GrowthDocument | None:
    return GrowthDocument.objects.filter(pupil=pupil).select_related("updated_by").first()


def growth_goals(*, document: GrowthDocument | None) -> list[GrowthGoal]:
    if document is None:
        return []
    return list(document.goals.prefetch_related("evaluations"))


def growth_history(*, document: GrowthDocument | None, limit: int = 200) -> list[GrowthDocumentChange]:
    if document is None:
        return []
    labels = {f.name: f.verbose_name for f in GrowthDocument._meta.fields}
    changes = list(document.changes.select_related("changed_by")[:limit])
    for change in changes:
        change.label = labels.get(change.field, change.field)
    return changes


def growth_document_fields(*, document: GrowthDocument | None) -> list[tuple[str, StrOrPromise, str]]:
    """(name, label, shown value) of every groeidocument field, for read-only views and the PDF."""
    rows: list[tuple[str, StrOrPromise, str]] = []
    for name in GrowthDocument.TRACKED_FIELDS:
        field = GrowthDocument._meta.get_field(name)
        assert isinstance(field, Field)  # the tracked fields are the document's own columns
        value = getattr(document, name) if document else None
        if field.choices and value:
            value = getattr(document, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = str(_("yes") if value else _("no"))
        elif isinstance(value, date):
            value = date_table(value)
        rows.append((name, field.verbose_name, value or ""))
    return rows


def interventions_for_pupil(*, user: AnyUser, pupil: Pupil) -> list[Intervention]:
    """Interventions on the pupil's cases that the user may see (nothing from hidden cases)."""
    return list(
        Intervention.objects.filter(case__in=case_list_for_user(user=user), case__pupil=pupil).order_by(
            "starts_on", "pk"
        )
    )


def growth_document_export_context(*, user: AnyUser, pupil: Pupil) -> dict[str, Any]:
    """The groeidocument PDF context: the same data as the screen, limited to what the user may see."""
    document = growth_document_for(pupil=pupil)
    goals = growth_goals(document=document)
    return {
        "pupil": pupil,
        "school": pupil.school,
        "group": current_group(pupil),
        "document": document,
        "goals": goals,
        "fields": {name: (label, value) for name, label, value in growth_document_fields(document=document)},
        "interventions": interventions_for_pupil(user=user, pupil=pupil),
        "guardians": [g for g in pupil.guardians.all() if g.has_authority],
        "today": timezone.localdate(),
    }


def opp_evaluations_due(*, user: AnyUser, within_days: int = 30) -> QuerySet[GrowthDocument]:
    """Reminder: OPPs whose yearly evaluation with parents is due within `within_days` (or late)."""
    limit = timezone.localdate() + timedelta(days=within_days)
    return (
        GrowthDocument.objects.filter(
            pupil__in=pupil_list_for_user(user=user),
            has_opp=True,
            opp_next_evaluation_on__lte=limit,
        )
        .select_related("pupil")
        .order_by("opp_next_evaluation_on")
    )


def growth_goal_of_pupil(*, pupil: Pupil, goal_uuid: UUID) -> GrowthGoal | None:
    return GrowthGoal.objects.filter(document__pupil=pupil, uuid=goal_uuid).first()
