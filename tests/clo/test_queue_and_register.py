"""The secretary's queue and the TLV register: scoping, at-risk flags, alerts, filters, query budgets."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clo.models import Decision, Request, RequestKind, RequestStatus, RequestStatusChange
from tests.factories.cases import CaseFactory, PupilFactory
from tests.factories.clo import make_decided, make_request

pytestmark = pytest.mark.django_db


def _bulk_requests(w, n: int) -> None:
    """n submitted requests spread over both schools, inserted in bulk (the services are tested elsewhere)."""
    today = timezone.localdate()
    cases = []
    for school in (w.school_a, w.school_b):
        pupil = PupilFactory(school=school)
        cases.append(CaseFactory(pupil=pupil))
    statuses = [RequestStatus.SUBMITTED, RequestStatus.INCOMPLETE, RequestStatus.ACCEPTED]
    rows = [
        Request(
            partnership=w.partnership,
            school=cases[i % 2].school,
            board=cases[i % 2].school.board,
            case=cases[i % 2],
            kind=RequestKind.TLV_SBO,
            status=statuses[i % 3],
            prepared_by=w.users["ib_a"],
            received_on=today - timedelta(days=i % 60),
        )
        for i in range(n)
    ]
    created = Request.objects.bulk_create(rows)
    RequestStatusChange.objects.bulk_create(
        RequestStatusChange(request=r, from_status="ready", to_status=r.status, changed_by=w.users["director_a"])
        for r in created
    )


def test_queue_query_count_does_not_grow_with_rows(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["clo_secretary"])
    url = reverse("clo:queue")
    _bulk_requests(world, 60)  # every receipt day of the last 60: some near their term at both sizes
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk_requests(world, 1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25  # paged
    assert response.context["page"].paginator.count >= 1060
    assert len(response.context["at_risk"]) > 25  # the warning covers the whole queue, not the page


def test_queue_pages_keep_the_status_filter(world, client_for):
    _bulk_requests(world, 90)
    client = client_for(world.users["clo_secretary"])
    body = client.get(reverse("clo:queue") + "?status=submitted&page=2").content.decode()
    assert 'aria-label="Pagina\'s"' in body
    assert 'href="?status=submitted&amp;page=1"' in body
    assert "Pagina 2 van 2" in body


def test_queue_shows_submitted_requests_never_drafts_and_flags_the_ones_at_risk(world, client_for):
    draft = make_request(world, status=RequestStatus.DRAFT)
    fresh = make_request(world)
    late = make_request(world, status=RequestStatus.ACCEPTED)
    Request.objects.filter(pk=late.pk).update(received_on=timezone.localdate() - timedelta(weeks=7))
    response = client_for(world.users["clo_secretary"]).get(reverse("clo:queue"))
    listed = {r.pk: t for r, t in response.context["rows"]}
    assert draft.pk not in listed
    assert not listed[fresh.pk].at_risk
    assert listed[late.pk].at_risk
    assert [r.pk for r, _t in response.context["at_risk"]] == [late.pk]


def test_committee_never_sees_drafts_even_by_uuid(world, client_for):
    draft = make_request(world, status=RequestStatus.READY)
    for persona in ("clo_secretary", "clo_chair", "clo_advisor"):
        assert client_for(world.users[persona]).get(reverse("clo:request_detail", args=[draft.uuid])).status_code == 404
    assert (
        client_for(world.users["director_a"]).get(reverse("clo:request_detail", args=[draft.uuid])).status_code == 200
    )


def test_register_lists_granted_tlvs_with_alerts_and_filters(world, client_for):
    _r, expiring = make_decided(world)
    today = timezone.localdate()
    # In force, ends this coming 31 July after the re-assessment deadline: alert.
    end = date(today.year if today.month < 8 else today.year + 1, 7, 31)
    Decision.objects.filter(pk=expiring.pk).update(starts_on=date(end.year - 2, 8, 1), ends_on=end)
    _r2, later = make_decided(world, school="b")
    Decision.objects.filter(pk=later.pk).update(ends_on=date(end.year + 3, 7, 31))
    _r3, rejected = make_decided(world, outcome="rejected")
    client = client_for(world.users["clo_chair"])
    response = client.get(reverse("clo:register"))
    numbers = [row.decision.number for row in response.context["rows"]]
    assert expiring.number in numbers and later.number in numbers and rejected.number not in numbers
    assert [row.decision.number for row in response.context["alerts"]] == [expiring.number]
    by_school = client.get(reverse("clo:register"), {"school": world.school_b.pk})
    assert [row.decision.number for row in by_school.context["rows"]] == [later.number]
    by_board = client.get(reverse("clo:register"), {"board": world.school_a.board.pk})
    assert {row.decision.number for row in by_board.context["rows"]} == {expiring.number, world.clo_decision_a.number}
    by_district = client.get(reverse("clo:register"), {"district": world.school_b.district.pk})
    assert [row.decision.number for row in by_district.context["rows"]] == [later.number]
    by_kind = client.get(reverse("clo:register"), {"kind": "tlv_so"})
    assert by_kind.context["rows"] == []


def test_register_query_budget(world, client_for, django_assert_max_num_queries):
    for _ in range(3):
        make_decided(world)
    client = client_for(world.users["clo_chair"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        before = len(client.get(reverse("clo:register")).context["rows"])
    for _ in range(6):
        make_decided(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(reverse("clo:register")).context["rows"]) == before + 6


def test_request_list_query_count_does_not_grow_with_rows(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["clo_chair"])
    url = reverse("clo:request_list")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _bulk_requests(world, 300)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count >= 300 and len(page.object_list) == 25  # one page of them
    html = response.content.decode()
    assert "?page=2" in html  # the shared pager


def test_register_is_paged_and_alerts_every_tlv_that_needs_re_assessment(world, client_for, monkeypatch):
    """Fifty rows a page (three here), the pager keeps the filters, and the alert lists the TLVs
    due for re-assessment on any page, not just those of the page shown."""
    from clo import views  # noqa: PLC0415

    monkeypatch.setattr(views, "REGISTER_PAGE_SIZE", 3)
    today = timezone.localdate()
    end = date(today.year if today.month < 8 else today.year + 1, 7, 31)
    decisions = [make_decided(world)[1] for _ in range(5)]
    # Register order is by end date: four TLVs that ended years ago fill page one and more; the one
    # that needs re-assessment comes after them, on page two.
    for i, d in enumerate(decisions[:-1]):
        Decision.objects.filter(pk=d.pk).update(starts_on=date(2015, 8, 1), ends_on=date(2016 + i, 7, 31))
    Decision.objects.filter(pk=decisions[-1].pk).update(starts_on=date(end.year - 2, 8, 1), ends_on=end)
    Decision.objects.exclude(pk__in=[d.pk for d in decisions]).update(ends_on=date(end.year + 9, 7, 31))
    client = client_for(world.users["clo_chair"])
    first = client.get(reverse("clo:register"), {"board": world.school_a.board.pk})
    assert first.context["page"].paginator.num_pages > 1 and len(first.context["rows"]) == 3
    assert decisions[-1].number not in [r.decision.number for r in first.context["rows"]]
    assert [r.decision.number for r in first.context["alerts"]] == [decisions[-1].number]
    html = first.content.decode()
    assert f"board={world.school_a.board.pk}" in html and "page=2" in html  # the pager keeps the filter
    last = client.get(reverse("clo:register"), {"board": world.school_a.board.pk, "page": "999"})
    assert last.status_code == 200 and last.context["page"].number == last.context["page"].paginator.num_pages


def test_clo_meeting_list_is_paged(world, client_for):
    from clo.models import CommitteeMeeting  # noqa: PLC0415

    for i in range(30):
        CommitteeMeeting.objects.create(
            partnership=world.partnership,
            date=timezone.localdate() - timedelta(days=i),
            created_by=world.users["clo_secretary"],
        )
    client = client_for(world.users["clo_chair"])
    first = client.get(reverse("clo:meeting_list"))
    assert len(first.context["meetings"]) == 25 and "?page=2" in first.content.decode()
    second = client.get(reverse("clo:meeting_list"), {"page": "2"})
    assert set(first.context["meetings"]).isdisjoint(second.context["meetings"])
    assert client.get(reverse("clo:meeting_list"), {"page": "x"}).status_code == 200
