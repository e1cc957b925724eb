"""Reads for cases. Every selector takes the user and returns an already scoped queryset.

Scope = membership scope (school staff, in SQL) UNION per-case grants (externals under consent),
combined as `pk__in=(...).union(...)`: measured at 2.5-3.7 ms on 100k cases, against 55-63 ms for
`Q(...) | Q(...)` with distinct() (STACK.md).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Action, Case, CaseGrant, Consent, Pupil
from ot_portal.core.access import P, active_memberships, school_ids_with
from ot_portal.core.models import Role, SchoolYear


def _taught_group_ids(user, *, on: date | None = None) -> QuerySet:
    """Groups of the current school year taught by the user through an active teacher membership."""
    on = on or timezone.localdate()
    start_year = SchoolYear.start_year_for(on)
    return (
        active_memberships(user, on=on)
        .filter(role=Role.TEACHER, groups__school_year__start_year=start_year)
        .values("groups")
    )


def pupil_list_for_user(*, user) -> QuerySet[Pupil]:
    """Pupils the user may see: all of a school (director, IB) or of the groups they teach."""
    if not user.is_authenticated:
        return Pupil.objects.none()
    start_year = SchoolYear.start_year_for(timezone.localdate())
    all_school = Pupil.objects.filter(school_id__in=school_ids_with(user, P.PUPIL_VIEW_ALL)).values("pk")
    own_groups = Pupil.objects.filter(
        school_id__in=school_ids_with(user, P.PUPIL_VIEW_OWN_GROUPS),
        enrolments__school_year__start_year=start_year,
        enrolments__group_id__in=_taught_group_ids(user),
    ).values("pk")
    return Pupil.objects.filter(pk__in=all_school.union(own_groups))


def granted_case_ids(user, *, at=None) -> QuerySet:
    """Ids of cases granted to the user that are still in force, at a school where the user
    still holds an active external membership (an ended membership loses access at once)."""
    return (
        CaseGrant.objects.active(at=at)
        .filter(
            user=user,
            content_object__school_id__in=school_ids_with(user, P.CASE_VIEW_GRANTED),
        )
        .values("content_object_id")
    )


def case_list_for_user(*, user) -> QuerySet[Case]:
    """Every case the user may see, as one SQL query (membership scope UNION grants)."""
    if not user.is_authenticated:
        return Case.objects.none()
    start_year = SchoolYear.start_year_for(timezone.localdate())
    all_school = Case.objects.filter(school_id__in=school_ids_with(user, P.CASE_VIEW_ALL)).values("pk")
    own_groups = Case.objects.filter(
        school_id__in=school_ids_with(user, P.CASE_VIEW_OWN_GROUPS),
        pupil__enrolments__school_year__start_year=start_year,
        pupil__enrolments__group_id__in=_taught_group_ids(user),
    ).values("pk")
    return Case.objects.filter(pk__in=all_school.union(own_groups, granted_case_ids(user)))


def consent_in_force(*, pupil: Pupil, on: date | None = None) -> Consent | None:
    """The newest consent in force for a pupil, or None."""
    return Consent.objects.in_force(on).filter(pupil=pupil).order_by("-given_on", "-pk").first()


def case_may_be_discussed_by_name(*, case: Case, on: date | None = None) -> bool:
    """A pupil is discussed by name in the OT only under consent covering that (else anonymously)."""
    return Consent.objects.in_force(on).filter(pupil_id=case.pupil_id, discuss_in_ot=True).exists()


def open_actions_for_user(*, user) -> QuerySet[Action]:
    """Open actions the user owns, on cases they may still see."""
    return (
        Action.objects.open()
        .filter(owner=user, case__in=case_list_for_user(user=user))
        .select_related("case", "case__pupil")
        .order_by("due_on")
    )
