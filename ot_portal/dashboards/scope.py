"""Who may see which dashboard, for which school, partnership and school year.

Every choice from the query string is resolved against what the user may see: an unknown or
foreign school or partnership is a 404 (the same answer for both), a malformed or unknown school
year too, and a user without the dashboard's permission anywhere gets a 403. Never a 500, never
another school's figures.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from ot_portal.core import audit
from ot_portal.core.access import Perm, partnership_ids_with, require, school_ids_with
from ot_portal.core.audit import ObjectType
from ot_portal.core.models import Partnership, School, SchoolYear


@dataclass
class Scope:
    school: School | None
    schools: list[School]
    partnership: Partnership | None
    partnerships: list[Partnership]
    year: SchoolYear
    years: list[SchoolYear]


def _uuid_or_404(request: HttpRequest, value: str, *, object_type: ObjectType) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        audit.log_access(request, object_type=object_type, object_id="", action="view", outcome="not_found")
        raise Http404 from None


def school_year(request: HttpRequest) -> tuple[SchoolYear, list[SchoolYear]]:
    """The school year from ?year=<start year> (default: the current one) and all known years."""
    years = list(SchoolYear.objects.order_by("-start_year"))
    start_year = SchoolYear.start_year_for(timezone.localdate())
    current = next((y for y in years if y.start_year == start_year), None)
    if current is None:  # a new school year's first page: the row is made once, as for_date does
        current = SchoolYear.for_date(timezone.localdate())
        years = list(SchoolYear.objects.order_by("-start_year"))
    raw = request.GET.get("year", "")
    if not raw:
        return current, years
    if not raw.isdigit():
        raise Http404
    chosen = next((y for y in years if y.start_year == int(raw)), None)
    if chosen is None:
        raise Http404
    return chosen, years


def school_scope(request: HttpRequest, permission: str, *, object_type: ObjectType) -> Scope:
    """One school the user holds `permission` at, chosen with ?school=<uuid>."""
    schools = list(
        School.objects.filter(pk__in=school_ids_with(request.user, permission))
        # The partnership's settings too: the director's meeting norm then costs no query.
        .select_related("board__partnership__settings", "district")
        .order_by("name")
    )
    require(request, bool(schools), object_type=object_type)
    raw = request.GET.get("school", "")
    if raw:
        wanted = _uuid_or_404(request, raw, object_type=ObjectType.SCHOOL)
        school = next((s for s in schools if s.uuid == wanted), None)
        if school is None:
            audit.log_access(request, object_type=ObjectType.SCHOOL, object_id=str(wanted), outcome="not_found")
            raise Http404
    else:
        school = schools[0]
    year, years = school_year(request)
    return Scope(school=school, schools=schools, partnership=None, partnerships=[], year=year, years=years)


def partnership_scope(request: HttpRequest, permission: str, *, object_type: ObjectType) -> Scope:
    """One partnership where the user's committee or partnership role grants `permission`."""
    partnerships = list(
        Partnership.objects.filter(pk__in=partnership_ids_with(request.user, permission)).order_by("name")
    )
    require(request, bool(partnerships), object_type=object_type)
    raw = request.GET.get("partnership", "")
    if raw:
        wanted = _uuid_or_404(request, raw, object_type=ObjectType.PARTNERSHIP)
        partnership = next((p for p in partnerships if p.uuid == wanted), None)
        if partnership is None:
            audit.log_access(request, object_type=ObjectType.PARTNERSHIP, object_id=str(wanted), outcome="not_found")
            raise Http404
    else:
        partnership = partnerships[0]
    year, years = school_year(request)
    return Scope(school=None, schools=[], partnership=partnership, partnerships=partnerships, year=year, years=years)


WORKLIST_PERMISSION = Perm.CASE_MANAGE
