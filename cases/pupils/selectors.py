"""Reads of pupils (pupils, their enrolment in a group and their guardians (gezag)): every
selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.pupils.models import Enrolment, Pupil, normalise_search
from ot_portal.core.access import AnyUser, Perm, active_memberships, roles_with, school_ids_with
from ot_portal.core.models import SchoolGroup, SchoolMembership, SchoolYear, User


def _taught_group_ids(user: AnyUser, *, on: date | None = None) -> QuerySet[SchoolMembership, Any]:
    """Groups of the current school year taught by the user: the groups of an active membership whose role
    grants Perm.GROUP_TEACH."""
    on = on or timezone.localdate()
    start_year = SchoolYear.start_year_for(on)
    return (
        active_memberships(user, on=on)
        .filter(role__in=roles_with(Perm.GROUP_TEACH), groups__school_year__start_year=start_year)
        .values("groups")
    )


def own_group_pupil_ids(user: AnyUser, permission: str) -> QuerySet[Pupil, Any]:
    """Ids of the pupils in the groups the user teaches this school year, at the schools where
    their role grants `permission` (the "own groups" scope of teachers, for pupils and cases)."""
    start_year = SchoolYear.start_year_for(timezone.localdate())
    return Pupil.objects.filter(
        school_id__in=school_ids_with(user, permission),
        enrolments__school_year__start_year=start_year,
        enrolments__group_id__in=_taught_group_ids(user),
    ).values("pk")


def pupil_list_for_user(*, user: AnyUser) -> QuerySet[Pupil]:
    """Pupils the user may see: all of a school (director, IB) or of the groups they teach; the
    own-groups branch only for a user whose role has it."""
    if not user.is_authenticated:
        return Pupil.objects.none()
    all_school = school_ids_with(user, Perm.PUPIL_VIEW_ALL)
    if not school_ids_with(user, Perm.PUPIL_VIEW_OWN_GROUPS):
        return Pupil.objects.filter(school_id__in=all_school) if all_school else Pupil.objects.none()
    own_groups = own_group_pupil_ids(user, Perm.PUPIL_VIEW_OWN_GROUPS)
    if not all_school:
        return Pupil.objects.filter(pk__in=own_groups)
    return Pupil.objects.filter(pk__in=Pupil.objects.filter(school_id__in=all_school).values("pk").union(own_groups))


def pupil_visible_to(*, user: AnyUser, pupil: Pupil) -> bool:
    """Whether `user` may open the pupil's file; without a query when a school-wide role says so."""
    if pupil.school_id in school_ids_with(user, Perm.PUPIL_VIEW_ALL):
        return True
    if not school_ids_with(user, Perm.PUPIL_VIEW_OWN_GROUPS):
        return False
    return pupil_list_for_user(user=user).filter(pk=pupil.pk).exists()


#: Words that only say "group" ("groep 5"): the number after them is what is searched for.
_GROUP_WORDS = {"groep", "group", "gr", "gr."}


def pupil_search(*, user: AnyUser, query: str = "", include_left: bool = False) -> QuerySet[Pupil]:
    """The user's pupils whose name or number contains every word of `query`, or whose group this
    school year is named by it ("5", "groep 5b"). Accents and case do not matter: the words are
    compared with the normalised search column (`Pupil.search_text`)."""
    qs = pupil_list_for_user(user=user).select_related("school")
    if not include_left:
        qs = qs.filter(left_on__isnull=True)
    start_year = SchoolYear.start_year_for(timezone.localdate())
    words = [w for w in normalise_search(query).split() if w not in _GROUP_WORDS]
    for word in words[:5]:
        in_group = Enrolment.objects.filter(
            pupil_id=OuterRef("pk"), school_year__start_year=start_year, group__name__iexact=word
        )
        qs = qs.filter(Q(search_text__contains=word) | Exists(in_group))
    return qs.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(school_year__start_year=start_year).select_related("group"),
            to_attr="current_enrolments",
        )
    ).order_by("last_name", "first_name", "pk")


def current_group(pupil: Pupil) -> SchoolGroup | None:
    start_year = SchoolYear.start_year_for(timezone.localdate())
    enrolment = pupil.enrolments.filter(school_year__start_year=start_year).select_related("group").first()
    return enrolment.group if enrolment else None


def class_teachers(*, pupil: Pupil) -> list[User]:
    """The pupil's class teachers this school year (teachers of the pupil's current group)."""
    group = current_group(pupil)
    if group is None:
        return []
    members = SchoolMembership.objects.active().filter(role__in=roles_with(Perm.GROUP_TEACH), groups=group)
    return list(User.objects.filter(pk__in=members.values("user_id")).order_by("full_name"))


def pupils_past_retention(*, on: date | None = None) -> QuerySet[Pupil]:
    """Pupils who left longer ago than their partnership's retention period (system use only:
    the purge command, never a view)."""
    on = on or timezone.localdate()
    candidates = Pupil.objects.filter(left_on__isnull=False, left_on__lt=on).select_related(
        "school__board__partnership__settings"
    )
    # Only pupils who left are looked at, so this loop stays small; the date arithmetic per
    # partnership is clearer here than in SQL.
    expired: list[int] = []
    for pupil in candidates.only("pk", "left_on", "school__board__partnership__settings__retention_years"):
        years = pupil.school.board.partnership.settings.retention_years
        left = pupil.left_on
        assert left is not None  # filtered on left_on__isnull=False above
        try:
            until = left.replace(year=left.year + years)
        except ValueError:  # 29 February
            until = left.replace(year=left.year + years, day=28)
        if until < on:
            expired.append(pupil.pk)
    return Pupil.objects.filter(pk__in=expired)
