"""The case as the hub: from the case page one click to the pupil, the consent, the groeidocument,
the documents, every OT meeting where the case was on the agenda, and its CLO request (or a way to
start one). The panels come from meetings and clo through cases.casefile.panels, so cases imports
neither; the page's query count stays flat however many meetings and requests there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.casefile.panels import _PROVIDERS, case_panels
from cases.models import CaseStatus
from clo.models import RequestStatus
from meetings import services as meeting_services
from tests.factories.cases import CaseFactory, ConsentFactory, EnrolmentFactory, PupilFactory
from tests.factories.clo import make_request
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def case_url(case):
    return reverse("cases:case_detail", kwargs={"uuid": case.uuid})


@pytest.fixture
def fresh_case(world):
    """An open case at school A without meetings or requests, under consent."""
    pupil = PupilFactory(school=world.school_a, first_name="Hugo", last_name="Spilgeval")
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    ConsentFactory(pupil=pupil, recorded_by=world.users["ib_a"])
    return CaseFactory(pupil=pupil)


def test_meetings_and_clo_register_their_panels():
    names = [provider.__module__ for _order, provider in _PROVIDERS]
    assert names == ["meetings.case_panel", "clo.case_panel"]


def test_ib_reaches_everything_from_the_case_page_in_one_click(world, client_for):
    html = client_for(world.users["ib_a"]).get(case_url(world.case_a)).content.decode()
    pupil = world.case_a.pupil
    assert 'data-testid="case-hub"' in html
    assert 'href="{}"'.format(reverse("cases:pupil_detail", kwargs={"uuid": pupil.uuid})) in html
    assert reverse("cases:consent_add", kwargs={"uuid": pupil.uuid}) in html
    assert reverse("cases:consent_withdraw", kwargs={"uuid": world.consent_a.uuid}) in html
    assert reverse("cases:growth_document", kwargs={"uuid": pupil.uuid}) in html
    assert 'href="#h-docs"' in html and 'id="h-docs"' in html
    for meeting in (world.meeting_a, world.meeting_a_approved):  # both had case A on the agenda
        assert reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid}) in html
    assert reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_b.uuid}) not in html
    for request in (world.clo_draft_a, world.clo_request_a, world.clo_decided_a):
        assert reverse("clo:request_detail", kwargs={"uuid": request.uuid}) in html
    # A request is in progress: open that one rather than start a second.
    assert 'data-testid="hub-clo-start"' not in html


def test_ib_can_start_a_clo_request_from_the_case_page(world, client_for, fresh_case):
    client = client_for(world.users["ib_a"])
    html = client.get(case_url(fresh_case)).content.decode()
    start = reverse("clo:request_create", kwargs={"case_uuid": fresh_case.uuid})
    assert f'href="{start}"' in html
    assert client.get(start).status_code == 200
    response = client.post(start, {"kind": "tlv_sbo"})
    assert response.status_code == 302
    html = client.get(case_url(fresh_case)).content.decode()
    assert 'data-testid="hub-clo-link"' in html and 'data-testid="hub-clo-start"' not in html


def test_a_closed_case_offers_no_new_clo_request(world, client_for, fresh_case):
    fresh_case.status = CaseStatus.CLOSED
    fresh_case.outcome = "resolved"
    fresh_case.save()
    html = client_for(world.users["ib_a"]).get(case_url(fresh_case)).content.decode()
    assert reverse("clo:request_create", kwargs={"case_uuid": fresh_case.uuid}) not in html
    response = client_for(world.users["ib_a"]).post(
        reverse("clo:request_create", kwargs={"case_uuid": fresh_case.uuid}), {"kind": "tlv_sbo"}
    )
    assert response.status_code == 200
    assert "Heropen de casus" in response.content.decode()


def test_others_see_only_the_links_they_may_open(world, client_for):
    pupil_link = 'href="{}"'.format(reverse("cases:pupil_detail", kwargs={"uuid": world.pupil_a.uuid}))
    teacher = client_for(world.users["teacher_a"]).get(case_url(world.case_a)).content.decode()
    assert pupil_link in teacher
    assert 'href="{}"'.format(reverse("cases:consent_add", kwargs={"uuid": world.pupil_a.uuid})) not in teacher
    assert reverse("clo:request_create", kwargs={"case_uuid": world.case_a.uuid}) not in teacher
    external = client_for(world.users["social_team_a"]).get(case_url(world.case_a)).content.decode()
    assert pupil_link not in external
    assert reverse("cases:consent_withdraw", kwargs={"uuid": world.consent_a.uuid}) not in external
    assert 'data-testid="hub-clo"' not in external  # externals see no CLO requests


def test_pupil_page_links_to_its_cases(world, client_for):
    html = (
        client_for(world.users["ib_a"])
        .get(reverse("cases:pupil_detail", kwargs={"uuid": world.pupil_a.uuid}))
        .content.decode()
    )
    assert case_url(world.case_a) in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_case_page_queries_stay_flat_with_many_meetings_and_requests(
    world, client_for, fresh_case, django_assert_max_num_queries
):
    client = client_for(world.users["ib_a"])
    url = case_url(fresh_case)
    plan = world.plan_a

    made = []

    def grow(n):
        for _ in range(n):
            made.append(MeetingFactory(plan=plan, date=timezone.localdate() + timedelta(days=20 + len(made))))
            AgendaItemFactory(meeting=made[-1], case=fresh_case, by_name=len(made) % 2 == 0)

    grow(1)
    make_request(world, case=fresh_case, status=RequestStatus.DRAFT)
    small = _count(client, url)
    grow(6)
    for _ in range(3):
        make_request(world, case=fresh_case, status=RequestStatus.SUBMITTED)
    with django_assert_max_num_queries(small):
        html = client.get(url).content.decode()
    assert html.count('data-testid="hub-meeting-link"') == 7
    assert html.count('data-testid="hub-clo-link"') == 4
    assert small <= 60


def test_panels_can_be_asked_directly(world, rf, fresh_case):
    request = rf.get("/")
    request.user = world.users["ib_a"]
    templates = [p["template"] for p in case_panels(request, fresh_case)]
    assert templates == ["meetings/_case_panel.html", "clo/_case_panel.html"]


def test_minutes_that_escalate_to_the_clo_offer_the_prefilled_request(world, client_for):
    meeting_services.item_minutes_record(
        actor=world.users["ib_a"],
        item=world.item_a,
        parents_presence="present",
        conclusions="Verwijzing naar SBO voorbereiden.",
        escalation="clo_request",
    )
    url = reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})
    start = reverse("clo:request_create", kwargs={"case_uuid": world.case_a.uuid})
    ib_page = client_for(world.users["ib_a"]).get(url).content.decode()
    assert 'data-testid="prepare-clo"' in ib_page and start in ib_page
    director_page = client_for(world.users["director_a"]).get(url).content.decode()
    assert start not in director_page  # the IB prepares requests
    # The request form is prefilled from the case and says that a request is already in progress.
    form = client_for(world.users["ib_a"]).get(start).content.decode()
    assert 'data-testid="ongoing-request"' in form


def test_clo_lists_name_the_pupil(world, client_for):
    name = world.pupil_a.full_name
    ib_list = client_for(world.users["ib_a"]).get(reverse("clo:request_list")).content.decode()
    assert name in ib_list
    queue = client_for(world.users["clo_secretary"]).get(reverse("clo:queue")).content.decode()
    assert name in queue
    meeting = (
        client_for(world.users["clo_chair"])
        .get(reverse("clo:meeting_detail", kwargs={"uuid": world.clo_meeting.uuid}))
        .content.decode()
    )
    assert name in meeting
    # Who sees no request sees no name.
    other = client_for(world.users["ib_b"]).get(reverse("clo:request_list")).content.decode()
    assert name not in other


def test_meetings_panel_shows_each_item_and_offers_only_meetings_without_the_case(world, client_for, fresh_case):
    """The panel is one query now: what it lists must still be exactly the old two lists."""
    from meetings.models import ItemMinutes, MeetingStatus  # noqa: PLC0415

    today = timezone.localdate()
    held = MeetingFactory(plan=world.plan_a, date=today - timedelta(days=10), status=MeetingStatus.HELD)
    item = AgendaItemFactory(meeting=held, case=fresh_case, by_name=False)
    ItemMinutes.objects.create(
        item=item, parents_presence="present", conclusions="x", escalation="youth_care", written_by=world.users["ib_a"]
    )
    on_agenda = MeetingFactory(plan=world.plan_a, date=today + timedelta(days=5))
    AgendaItemFactory(meeting=on_agenda, case=fresh_case, by_name=True)
    free = [MeetingFactory(plan=world.plan_a, date=today + timedelta(days=6 + i)) for i in range(4)]
    html = client_for(world.users["ib_a"]).get(case_url(fresh_case)).content.decode()
    assert html.count('data-testid="hub-meeting-link"') == 2
    assert html.index(reverse("meetings:meeting_detail", kwargs={"uuid": on_agenda.uuid})) < html.index(
        reverse("meetings:meeting_detail", kwargs={"uuid": held.uuid})
    )  # newest meeting first
    assert "anoniem" in html and "verslag vastgelegd" in html and "Verwijzen naar jeugdhulp" in html
    offered = [reverse("meetings:item_add", kwargs={"uuid": m.uuid}) for m in free]
    assert html.count('data-testid="hub-plan-link"') == 3  # the next three, soonest first
    assert offered[0] in html and offered[-1] not in html
    assert reverse("meetings:item_add", kwargs={"uuid": on_agenda.uuid}) not in html


def test_case_page_lists_status_changes_and_handovers(world, client_for, fresh_case):
    from cases.casefile import services  # noqa: PLC0415

    ib = world.users["ib_a"]
    services.case_change_status(actor=ib, case=fresh_case, to_status=CaseStatus.ESCALATED, reason="Gestart na overleg")
    services.case_handover_regie(actor=ib, case=fresh_case, to_holder=world.users["director_a"], note="Overdracht X")
    html = client_for(ib).get(case_url(fresh_case)).content.decode()
    assert "Gestart na overleg" in html and ib.full_name in html
    assert "Regieoverdrachten" in html and "Overdracht X" in html
    assert world.users["director_a"].full_name in html
