"""Reads of the intake (the zorgformulier by which a pupil is registered for the OT): every
selector that lists takes the user and returns a scoped queryset."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.intake.models import Intake, IntakeStatus
from cases.pupils.models import Pupil
from cases.pupils.selectors import pupil_list_for_user, pupil_search
from ot_portal.core.access import AnyUser, Perm, school_ids_with
from ot_portal.core.models import SchoolYear, User

#: The picker shows at most this many pupils; more means "type more to narrow it down".
PICKER_LIMIT = 10


def intake_list_for_user(*, user: AnyUser) -> QuerySet[Intake]:
    """Intakes of pupils the user may see: drafts started by teachers appear on the IB's list.
    A draft is a working document: only users who draft intakes at its school see it (a director
    sees the submitted zorgformulieren)."""
    drafting = school_ids_with(user, Perm.INTAKE_DRAFT)
    return (
        Intake.objects.filter(pupil__in=pupil_list_for_user(user=user))
        .filter(~Q(status=IntakeStatus.DRAFT) | Q(school_id__in=drafting))
        .select_related("pupil", "created_by", "case")
        .order_by("status", "-updated_at", "-pk")
    )


def intake_pupils_for_user(*, user: User, query: str = "") -> QuerySet[Pupil]:
    """Pupils the user may register with the zorgformulier: pupils they may see, who have not
    left, at the schools where their role may draft an intake. The picker and the form's
    validation use this one queryset, so a pupil that cannot be found cannot be posted either."""
    return pupil_search(user=user, query=query).filter(school_id__in=school_ids_with(user, Perm.INTAKE_DRAFT))


def intake_pupil_matches(*, user: User, query: str) -> tuple[list[Pupil], bool]:
    """The first PICKER_LIMIT matches of `query` and whether there are more; no query, no pupils
    (the picker never lists a whole school). Two queries whatever the school's size."""
    if not query.strip():
        return [], False
    found = list(intake_pupils_for_user(user=user, query=query)[: PICKER_LIMIT + 1])
    return found[:PICKER_LIMIT], len(found) > PICKER_LIMIT


def submitted_in(intakes: QuerySet[Intake], year: SchoolYear, *, month: int | None = None) -> QuerySet[Intake]:
    """Aanmeldingen: the zorgformulieren among `intakes` submitted in the school year (in one
    calendar month of it when `month` is given), by the local date of submission."""
    submitted = intakes.filter(
        status=IntakeStatus.SUBMITTED, submitted_at__date__gte=year.starts_on, submitted_at__date__lte=year.ends_on
    )
    return submitted.filter(submitted_at__date__month=month) if month else submitted
