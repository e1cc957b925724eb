"""Writes of the groeidocument (needs, factors, goals with HGW evaluations, the OPP and its
history): keyword-only services, one transaction, full_clean() before save()."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.models import (
    CaseEventKind,
)
from cases.casefile.timeline import case_event_add
from cases.casefile.workflow import OPEN_STATUSES
from cases.growth.models import GoalEvaluation, GrowthDocument, GrowthDocumentChange, GrowthGoal, HgwPhase
from cases.pupils.models import Pupil
from ot_portal.core.formats import date_table
from ot_portal.core.locking import check_version
from ot_portal.core.models import User


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_table(value)
    return str(value)


def _field_text(name: str, value: object) -> str:
    """The history shows what users saw: choice labels, Dutch dates, ja/nee."""
    field = GrowthDocument._meta.get_field(name)
    if isinstance(field, Field) and field.choices and value:
        return str(dict(field.choices).get(value, value))
    return _as_text(value)


@transaction.atomic
def growth_document_save(*, actor: User, pupil: Pupil, data: Mapping[str, Any], base_version: int) -> GrowthDocument:
    """Save the groeidocument when nobody else saved since `base_version`; keep field-level history.

    base_version 0 means "the form was opened before the document existed"."""
    document, _created = GrowthDocument.objects.get_or_create(pupil=pupil, defaults={"version": 0})
    document = GrowthDocument.objects.select_for_update().get(pk=document.pk)
    check_version(
        document,
        base_version,
        message=_(
            "Someone else saved this growth document while you were editing. Your text is kept "
            "below; check their changes and save again."
        ),
        changes=lambda: (
            document.changes.filter(version__gt=base_version).select_related("changed_by").order_by("changed_at", "pk")
        ),
    )
    changed = []
    for name in GrowthDocument.TRACKED_FIELDS:
        if name not in data:
            continue
        old, new = getattr(document, name), data[name]
        if (old or None) != (new or None) and not (old is False and new is None):
            changed.append((name, old, new))
            setattr(document, name, new)
    if not changed and document.version > 0:
        return document
    document.version += 1
    document.updated_by = actor
    document.updated_at = timezone.now()
    document.full_clean()
    document.save()
    GrowthDocumentChange.objects.bulk_create(
        GrowthDocumentChange(
            document=document,
            version=document.version,
            field=name,
            old_value=_field_text(name, old),
            new_value=_field_text(name, new),
            changed_by=actor,
            changed_at=document.updated_at,
        )
        for name, old, new in changed
    )
    for case in pupil.cases.filter(status__in=OPEN_STATUSES):
        case_event_add(case=case, kind=CaseEventKind.GROWTH_DOC, message="growth_document_updated", actor=actor)
    return document


@transaction.atomic
def growth_goal_add(
    *,
    actor: User,
    pupil: Pupil,
    goal: str,
    phase: str = HgwPhase.ANALYSE,
    analysis: str = "",
    approach: str = "",
    starts_on: date | None = None,
    evaluate_on: date | None = None,
) -> GrowthGoal:
    document, _created = GrowthDocument.objects.get_or_create(pupil=pupil)
    item = GrowthGoal(
        document=document,
        goal=goal,
        phase=phase,
        analysis=analysis,
        approach=approach,
        starts_on=starts_on,
        evaluate_on=evaluate_on,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def growth_goal_evaluate(
    *,
    actor: User,
    goal: GrowthGoal,
    text: str,
    evaluated_on: date,
    goal_reached: bool | None = None,
    phase: str | None = None,
) -> GoalEvaluation:
    evaluation = GoalEvaluation(
        goal=goal, text=text, evaluated_on=evaluated_on, goal_reached=goal_reached, author=actor
    )
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("This date cannot be in the future.")})
    evaluation.full_clean()
    goal = GrowthGoal.objects.select_for_update().get(pk=goal.pk)  # two evaluations at once: one phase write each
    evaluation.save()
    goal.phase = phase or HgwPhase.EVALUATE
    goal.full_clean()
    goal.save(update_fields=["phase"])
    return evaluation
