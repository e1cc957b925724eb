"""Query-string filters of list pages, read the same way everywhere: a filter that cannot be read
is a 404 (as on the dashboards that link to these lists), never a list that silently shows more
than was asked; pagination keeps the filters."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from ot_portal.core.models import SchoolYear


def uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    """The UUID in `?name=`; None when absent; 404 when it is not a UUID."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404 from None


def school_year_param(request: HttpRequest, name: str = "year") -> SchoolYear | None:
    """The school year whose start year is in `?name=`; None when absent; 404 when unknown."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    year = SchoolYear.objects.filter(start_year=int(raw)).first() if raw.isdigit() and len(raw) == 4 else None
    if year is None:
        raise Http404
    return year


def int_param(request: HttpRequest, name: str, *, low: int, high: int) -> int | None:
    """A whole number from `low` to `high` in `?name=`; None when absent; 404 otherwise."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    if not (raw.isdigit() and low <= int(raw) <= high):
        raise Http404
    return int(raw)


def choice_param(request: HttpRequest, name: str, choices: list[str]) -> str:
    """One of `choices` in `?name=`; "" when absent; 404 otherwise."""
    raw = request.GET.get(name, "")
    if raw and raw not in choices:
        raise Http404
    return raw


def page_query(request: HttpRequest) -> str:
    """The query string without `page`, so that the pagination links keep every filter."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
