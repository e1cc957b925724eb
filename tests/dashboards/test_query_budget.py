"""Every dashboard issues the same number of queries whatever the amount of data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.dashboards.conftest import add_event
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory


def grow(org, n):
    ib = org.users["ib_a"]
    today = timezone.localdate()
    for school in (org.school_a, org.school_b):
        for i in range(n):
            case = CaseFactory(
                pupil=PupilFactory(school=school),
                lead=ib if school == org.school_a else org.users["ib_b"],
                opened_on=org.school_year.starts_on + timedelta(days=i % 60),
                next_evaluation_on=today - timedelta(days=1),
            )
            ConsentFactory(pupil=case.pupil, recorded_by=ib)
            add_event(case, case.opened_on + timedelta(days=3))
            ActionFactory(case=case, owner=case.lead, due_on=today - timedelta(days=1 + i % 5))
            ActionFactory(case=case, owner=org.users["director_a"], due_on=today + timedelta(days=3))


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("dashboards:director", "director_a"),
        ("dashboards:worklist", "ib_a"),
        ("dashboards:clo", "clo_secretary"),
        ("dashboards:partnership", "swv_staff"),
        ("dashboards:partnership_csv", "swv_staff"),
    ],
)
def test_query_count_does_not_grow_with_data(org, client_for, django_assert_num_queries, url_name, persona):
    client = client_for(org.users[persona])
    url = reverse(url_name)
    grow(org, 2)
    client.get(url)  # warm up: session, school year
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(org, 25)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
