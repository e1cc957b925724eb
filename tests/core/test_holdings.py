"""Permissions are read once per request and never kept beyond it (ot_portal.core.holdings)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ot_portal.core.access import Perm, school_ids_with, school_permissions, user_permissions_summary
from ot_portal.core.apps import SMALL_TABLES, analyse_small_tables
from ot_portal.core.holdings import NOTHING, RequestHoldingsMiddleware, holdings_of
from ot_portal.core.models import Role, SchoolMembership
from tests.factories.cases import CaseFactory, PupilFactory


def _holdings_queries(ctx) -> int:
    """The holdings query: memberships, seats and roles in one UNION (the case history's UNION
    uses the same column names, so look for the membership table too)."""
    return sum('"h_kind"' in q["sql"] and '"core_schoolmembership"' in q["sql"] for q in ctx.captured_queries)


def test_a_page_reads_the_users_roles_once(org, client_for):
    case = CaseFactory(pupil=PupilFactory(school=org.school_a), lead=org.users["ib_a"])
    client = client_for(org.users["ib_a"])
    client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid}))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).status_code == 200
    # The scope, the page's permissions, the panels, the access log's roles and the navigation
    # all asked; the database answered once.
    assert _holdings_queries(ctx) == 1


def test_an_ended_membership_counts_from_the_next_request(org, client_for):
    case = CaseFactory(pupil=PupilFactory(school=org.school_a))
    ib = org.users["ib_a"]
    client = client_for(ib)
    url = reverse("cases:case_detail", kwargs={"uuid": case.uuid})
    assert client.get(url).status_code == 200
    SchoolMembership.objects.filter(user=ib, school=org.school_a).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(url).status_code == 404


def test_outside_a_request_nothing_is_kept(org, django_assert_num_queries):
    ib = org.users["ib_a"]
    with django_assert_num_queries(2):
        assert org.school_a.pk in school_ids_with(ib, Perm.CASE_VIEW_ALL)
        assert Perm.CASE_MANAGE in school_permissions(ib, org.school_a.pk)


def test_inside_a_request_a_changed_membership_is_read_again(org, django_assert_num_queries):
    ib = org.users["ib_a"]
    seen = []

    def view(request):
        with django_assert_num_queries(1):
            seen.append(user_permissions_summary(ib))
            seen.append(school_permissions(ib, org.school_a.pk))
        SchoolMembership.objects.filter(user=ib, school=org.school_a).delete()  # signals: the cache empties
        seen.append(holdings_of(ib))
        return HttpResponse("ok")

    RequestHoldingsMiddleware(view)(RequestFactory().get("/"))
    assert Perm.CASE_MANAGE in seen[0] and Perm.CASE_MANAGE in seen[1]
    assert all(school != org.school_a.pk for school, _role in seen[2].school)


def test_holdings_cover_school_committee_and_partnership_roles(org):
    ib, secretary, staff = org.users["ib_a"], org.users["clo_secretary"], org.users["swv_staff"]
    assert (org.school_a.pk, Role.IB) in holdings_of(ib).school
    assert holdings_of(secretary).committee and not holdings_of(secretary).school
    assert holdings_of(staff).partnership and not holdings_of(staff).committee


def test_a_visitor_who_is_not_signed_in_holds_nothing(org, django_assert_num_queries):
    visitor = AnonymousUser()
    yesterday = timezone.localdate() - timedelta(days=1)
    with django_assert_num_queries(0):
        assert holdings_of(visitor) == NOTHING
        assert school_ids_with(visitor, Perm.CASE_VIEW_ALL) == []
    # A past day reads the memberships from SQL instead of the holdings: none for the visitor either.
    assert school_ids_with(visitor, Perm.CASE_VIEW_ALL, on=yesterday) == []
    assert school_ids_with(org.users["ib_a"], Perm.CASE_VIEW_ALL) != []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE after migrate runs on PostgreSQL only")
def test_small_tables_are_analysed_after_migrate(db):
    analyse_small_tables(sender=None, using="default")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname = ANY(%s) AND last_analyze IS NOT NULL",
            [list(SMALL_TABLES)],
        )
        assert cursor.fetchone()[0] == len(SMALL_TABLES)
