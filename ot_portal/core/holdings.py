"""What a user holds today — school memberships, committee seats, partnership roles — read in one
query and, inside a request, kept for the rest of that request only.

Every permission question of a page (the case scope, `school_permissions`, the navigation, the
access log's roles) is answered from these rows, so a page asks the database once instead of once
per question. The cache lives in a context variable that `RequestHoldingsMiddleware` opens for one
request and drops after it: an ended membership or a revoked role takes effect on the next request
(ADR 0001: nothing is cached per session), and code outside a request (services, commands, tests
calling selectors) always reads fresh rows. A save or delete of a membership, seat, role or user
during the request empties the cache, so a page that changes a role and then reads sees the change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ot_portal.core.models import CommitteeMembership, PartnershipRole, SchoolMembership, User

_SCHOOL, _COMMITTEE, _PARTNERSHIP = "s", "c", "p"


@dataclass(frozen=True)
class Holdings:
    """Rows in force today, as (school or partnership id, role) pairs."""

    school: tuple[tuple[int, str], ...] = ()
    committee: tuple[tuple[int, str], ...] = ()
    partnership: tuple[tuple[int, str], ...] = ()


NOTHING = Holdings()

#: user pk -> Holdings, for the current request; None outside a request.
_request_cache: ContextVar[dict[int, Holdings] | None] = ContextVar("ot_request_holdings", default=None)


def _rows(queryset: QuerySet[Any], kind: str, ref: str) -> QuerySet[Any, tuple[str, int, str]]:
    rows: QuerySet[Any, tuple[str, int, str]] = (
        queryset.order_by()
        .annotate(
            h_kind=Value(kind, output_field=CharField()),
            h_ref=F(ref),
            h_role=F("role"),
        )
        .values_list("h_kind", "h_ref", "h_role")
    )
    return rows


def _load(user: User) -> Holdings:
    today = timezone.localdate()
    school = _rows(SchoolMembership.objects.held_by(user, on=today), _SCHOOL, "school_id")
    committee = _rows(CommitteeMembership.objects.held_by(user, on=today), _COMMITTEE, "partnership_id")
    staff = _rows(
        PartnershipRole.objects.active(today).filter(user=user, user__is_active=True), _PARTNERSHIP, "partnership_id"
    )
    found: dict[str, set[tuple[int, str]]] = {_SCHOOL: set(), _COMMITTEE: set(), _PARTNERSHIP: set()}
    for kind, ref, role in school.union(committee, staff, all=True).order_by():
        found[kind].add((int(ref), role))
    return Holdings(*(tuple(sorted(found[k])) for k in (_SCHOOL, _COMMITTEE, _PARTNERSHIP)))


def holdings_of(user: User | AnonymousUser | None) -> Holdings:
    """The user's rows in force today (one query, once per request inside a request); none for a
    visitor who is not signed in."""
    if user is None or not user.is_authenticated:
        return NOTHING
    cache = _request_cache.get()
    if cache is None:
        return _load(user)
    if user.pk not in cache:
        cache[user.pk] = _load(user)
    return cache[user.pk]


def forget_holdings(**kwargs: Any) -> None:
    """A membership, seat, role or account changed: read them again for the rest of the request."""
    cache = _request_cache.get()
    if cache:
        cache.clear()


for _model in (SchoolMembership, CommitteeMembership, PartnershipRole, User):
    post_save.connect(forget_holdings, sender=_model, dispatch_uid=f"ot_forget_holdings_save_{_model.__name__}")
    post_delete.connect(forget_holdings, sender=_model, dispatch_uid=f"ot_forget_holdings_delete_{_model.__name__}")


class RequestHoldingsMiddleware:
    """Opens the per-request holdings cache around the view and the rendering of its response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_cache.set({})
        try:
            return self.get_response(request)
        finally:
            _request_cache.reset(token)
