"""Reads of consent (parental consent (toestemming) and the case grants it gives externals):
every selector that lists takes the user and returns a scoped queryset.

What is "in force" is decided in cases/consent/rules.py and ConsentQuerySet.in_force; these
selectors only ask it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case as SqlCase
from django.db.models import CharField, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.models import Case
from cases.consent import rules
from cases.consent.models import Consent, ConsentReview, ConsentState, item_label, scope_labels
from cases.consent.rules import status_label
from cases.pupils.models import Guardian, Pupil


def current_consent(*, pupil: Pupil) -> Consent | None:
    return Consent.objects.current().filter(pupil_id=pupil.pk).first()


def consent_in_force(*, pupil: Pupil, on: date | None = None) -> Consent | None:
    """The pupil's current consent version when it applies on `on`, else None."""
    return Consent.objects.in_force(on).filter(pupil_id=pupil.pk).first()


def consent_may_be_named_sql(pupil_ref: str = "pupil_id", on: date | None = None) -> Exists:
    """SQL for "may be discussed by name", to annotate any queryset with a pupil reference."""
    return Exists(Consent.objects.may_be_named(on).filter(pupil_id=OuterRef(pupil_ref)))


def consent_state_sql(pupil_ref: str = "pupil_id", on: date | None = None) -> SqlCase:
    """SQL for the pupil's ConsentState on `on`, to annotate any queryset with a pupil reference:
    in force when a version in force allows something (`ConsentQuerySet.allowing`), waiting when
    an asked item waits for an answer (`ConsentQuerySet.waiting`), none otherwise."""
    pupil = OuterRef(pupil_ref)
    return SqlCase(
        When(Exists(Consent.objects.allowing(on).filter(pupil_id=pupil)), then=Value(ConsentState.IN_FORCE)),
        When(Exists(Consent.objects.waiting().filter(pupil_id=pupil)), then=Value(ConsentState.WAITING)),
        default=Value(ConsentState.NONE),
        output_field=CharField(),
    )


def case_may_be_discussed_by_name(*, case: Case, on: date | None = None) -> bool:
    """A pupil is discussed by name in the OT only under consent covering that (else anonymously)."""
    return Consent.objects.may_be_named(on).filter(pupil_id=case.pupil_id).exists()


def disciplines_in_force(*, pupil: Pupil, on: date | None = None) -> set[str]:
    """Disciplines the current consent shares the pupil's cases with today."""
    consent = consent_in_force(pupil=pupil, on=on)
    return set(consent.shared_with or []) if consent else set()


def consent_missing_holders(*, consent: Consent | None) -> list[Guardian]:
    """Guardians with parental authority who have not agreed to everything asked in this version."""
    if consent is None:
        return []
    asked = consent.asked_items
    answers = {a.guardian_id: a.answers for a in consent.answers.all()}
    return [
        g
        for g in consent.pupil.guardians.all()
        if g.has_authority and any(answers.get(g.pk, {}).get(item) != rules.YES for item in asked)
    ]


@dataclass
class ConsentScope:
    """The current scope in one line: by name yes/no, shared with whom, until when; and what waits."""

    consent: Consent | None
    in_force: bool
    named: bool
    shared_with: list[str]
    valid_until: date | None
    pending: list[tuple[str, str]]  # (item, status) for asked items not in force
    missing: list[Guardian]


def consent_scope(*, pupil: Pupil, on: date | None = None) -> ConsentScope:
    """Fed to cases/templates/cases/_consent_scope.html on the pupil page and the case page."""
    consent = current_consent(pupil=pupil)
    in_force = consent is not None and consent.is_in_force(on)
    pending = []
    if consent is not None and consent.withdrawn_on is None:
        pending = [
            (item_label(item), status_label(status))
            for item, status in sorted(consent.item_status.items())
            if status != rules.IN_FORCE
        ]
    return ConsentScope(
        consent=consent,
        in_force=in_force,
        named=in_force and consent is not None and consent.named_in_force,
        shared_with=scope_labels(consent.shared_with) if in_force and consent is not None else [],
        valid_until=consent.valid_until if consent else None,
        pending=pending,
        missing=consent_missing_holders(consent=consent) if consent and consent.withdrawn_on is None else [],
    )


def consent_history(*, pupil: Pupil) -> list[Consent]:
    """Every version, newest first: who, when, how, what changed, what it allowed."""
    return list(
        pupil.consents.select_related("recorded_by", "withdrawn_by")
        .prefetch_related("answers__guardian")
        .order_by("-version", "-pk")
    )


def consents_for_pupil(*, pupil: Pupil) -> list[Consent]:
    return consent_history(pupil=pupil)


@dataclass
class ConsentAttention:
    pupil: Pupil
    reason: str


def consent_attention_for_schools(
    *, school_ids: Iterable[int], today: date | None = None, limit: int = 50
) -> list[ConsentAttention]:
    """For the IB's worklist: pupils whose access changed by the merge of stacked records, and
    pupils who turned 12 or 16 while their consent version is current ("ask consent again")."""
    today = today or timezone.localdate()
    rows: list[ConsentAttention] = []
    reviews = (
        ConsentReview.objects.filter(school_id__in=school_ids, resolved_at__isnull=True)
        .select_related("pupil")
        .order_by("created_at", "pk")[:limit]
    )
    for review in reviews:
        items = ", ".join(item_label(i) for i in review.items)
        reason = str(review.get_reason_display())
        rows.append(ConsentAttention(review.pupil, f"{reason}: {items}" if items else reason))
    currents = (
        Consent.objects.current()
        .filter(pupil__school_id__in=school_ids, pupil__left_on__isnull=True)
        .exclude(age_band="")
        .select_related("pupil")
    )
    for consent in currents:
        band = rules.age_band(consent.pupil.age_on(today))
        if band != consent.age_band:
            age = 16 if band == rules.BAND_SIXTEEN else 12
            rows.append(
                ConsentAttention(consent.pupil, _("ask consent again: the pupil turned %(age)s") % {"age": age})
            )
    return rows[:limit]
