"""Every dashboard issues the same number of queries whatever the amount of data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from clo.models import RequestStatus
from tests.dashboards.conftest import held_meeting
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory
from tests.factories.clo import make_request
from tests.factories.core import SchoolYearFactory


@pytest.fixture(autouse=True)
def _no_session_touch_between_the_sizes(monkeypatch):
    """The session is saved at most once a minute (SESSION_TOUCH_SECONDS) to renew the idle time-out.
    Growing the data to the larger size can take longer than that on a loaded machine; the request
    after it then also saved the session (savepoint, UPDATE, release: three more queries), which is
    what failed these tests under xdist. The counts here are the page's, without that clock."""
    monkeypatch.setattr("ot_portal.core.middleware.SESSION_TOUCH_SECONDS", 24 * 60 * 60)


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
            held_meeting(school, case.opened_on + timedelta(days=3), case, plan_by=ib)
            if i % 3 == 0:
                make_request(
                    org, case=case, school="a" if school == org.school_a else "b", status=RequestStatus.SUBMITTED
                )
            ActionFactory(case=case, owner=case.lead, due_on=today - timedelta(days=1 + i % 5))
            ActionFactory(case=case, owner=org.users["director_a"], due_on=today + timedelta(days=3))


def grow_years(org, k):
    """`k` more school years before the current one, each with a case opened, discussed in a held
    meeting and closed in it, at both schools: the partnership dashboard's trend reads every one."""
    ib = org.users["ib_a"]
    for back in range(1, k + 1):
        year = SchoolYearFactory(start_year=org.school_year.start_year - back)
        for school in (org.school_a, org.school_b):
            case = CaseFactory(
                pupil=PupilFactory(school=school),
                lead=ib if school == org.school_a else org.users["ib_b"],
                status=CaseStatus.CLOSED,
                opened_on=year.starts_on + timedelta(days=20),
                closed_on=year.starts_on + timedelta(days=200),
            )
            held_meeting(school, case.opened_on + timedelta(days=7), case, plan_by=ib)


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("dashboards:director", "director_a"),
        ("dashboards:worklist", "ib_a"),
        ("dashboards:clo", "clo_secretary"),
        ("dashboards:partnership", "swv_staff"),
        ("dashboards:partnership_csv", "swv_staff"),
        ("dashboards:director_pdf", "director_a"),
    ],
)
def test_query_count_does_not_grow_with_data(org, client_for, django_assert_num_queries, url_name, persona):
    """Measured at a small size, then asserted exactly at a larger one (more cases, actions,
    meetings, agenda items and CLO requests at both schools, and five school years instead of two)."""
    client = client_for(org.users[persona])
    url = reverse(url_name)
    grow(org, 2)
    grow_years(org, 1)
    client.get(url)  # warm up: session, school year
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(org, 25)
    grow_years(org, 4)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


#: The most queries a key page may issue (issue 11: "pages near the floor").
KEY_PAGE_BUDGET = 15


def _a_case(org):
    return CaseFactory(pupil=PupilFactory(school=org.school_a), lead=org.users["ib_a"])


def _draft_request(org):
    return make_request(org, case=_a_case(org), status=RequestStatus.DRAFT)


@pytest.mark.parametrize(
    ("url_name", "persona", "kwargs"),
    [
        ("cases:case_list", "ib_a", None),
        # The seven lists of the case file (status changes and handovers in one), consent, the two
        # panels (the meetings panel in one query), the regie candidates, the access log and sign-in.
        ("cases:case_detail", "ib_a", lambda org: {"uuid": _a_case(org).uuid}),
        ("cases:case_detail", "director_a", lambda org: {"uuid": _a_case(org).uuid}),
        ("dashboards:worklist", "ib_a", None),
        ("clo:queue", "clo_secretary", None),
        ("cases:growth_document_pdf", "ib_a", lambda org: {"uuid": _a_case(org).pupil.uuid}),
        ("clo:request_edit", "ib_a", lambda org: {"uuid": _draft_request(org).uuid}),
        ("dashboards:director", "director_a", None),
        ("dashboards:clo", "clo_secretary", None),
        ("dashboards:partnership", "swv_staff", None),
    ],
)
def test_key_page_stays_within_budget_at_two_sizes(
    org, client_for, django_assert_max_num_queries, url_name, persona, kwargs
):
    """Each key page at most KEY_PAGE_BUDGET queries, at a small size (two school years) and again
    with ten times the cases, actions, meetings and CLO requests and five school years (the same
    count both times: the partnership dashboard's trend must not cost queries per year)."""
    client = client_for(org.users[persona])
    url = reverse(url_name, kwargs=kwargs(org) if kwargs else None)
    grow(org, 2)
    grow_years(org, 1)
    client.get(url)  # warm up: session, school year
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) <= KEY_PAGE_BUDGET, [q["sql"][:120] for q in small.captured_queries]
    grow(org, 25)
    grow_years(org, 4)
    with django_assert_max_num_queries(min(len(small.captured_queries), KEY_PAGE_BUDGET)):
        assert client.get(url).status_code == 200


def _themes(org):
    """A theme discussion at every held meeting of school A that has none yet."""
    from meetings.models import Meeting, MeetingStatus, ThemeDiscussion, ThemeTopic

    for meeting in Meeting.objects.filter(school=org.school_a, status=MeetingStatus.APPROVED, themes__isnull=True):
        ThemeDiscussion.objects.create(meeting=meeting, topic=ThemeTopic.SOCIAL_SAFETY)


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("meetings:meeting_list", {"state": "held"}),
        ("meetings:theme_list", {"topic": "social_safety"}),
        ("meetings:discussion_list", {"kind": "named"}),
        ("meetings:discussion_list", {"kind": "cases"}),
        ("cases:action_list", {"owner": "ib_a"}),
        ("cases:action_list", {"owner": "ib_a", "overdue": "1"}),
        ("clo:request_list", {"status": RequestStatus.SUBMITTED}),
    ],
)
def test_lists_behind_the_director_figures_do_not_grow_with_data(
    org, client_for, django_assert_num_queries, url_name, query
):
    """The lists the director's figures link to (one school, one school year, one filter), measured
    at a small size and asserted exactly at one with many more rows on the page."""
    query = {"school": str(org.school_a.uuid), "year": org.school_year.start_year, **query}
    if query.get("owner"):
        query["owner"] = str(org.users[query["owner"]].uuid)
    if url_name.startswith("cases:"):
        query.pop("year")
    client = client_for(org.users["director_a"])
    url = reverse(url_name)
    grow(org, 2)
    _themes(org)
    client.get(url, query)  # warm up: session, school year
    with CaptureQueriesContext(connection) as small:
        response = client.get(url, query)
    assert response.status_code == 200
    assert 0 < response.context["page"].paginator.count <= 4
    grow(org, 25)
    _themes(org)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url, query)
    assert response.context["page"].paginator.count >= 9
