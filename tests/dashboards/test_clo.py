"""CLO dashboard: queue, terms at risk, TLVs expiring, decisions, lead time, objections."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clo.models import Objection, Request, RequestKind, RequestStatus
from tests.factories.cases import CaseFactory, PupilFactory
from tests.factories.clo import make_decided, make_request

URL = reverse("dashboards:clo")


def test_clo_figures(org, client_for):
    """On the organisation alone (no other app's world objects), so every count is exact."""
    w = org
    w.case_a = CaseFactory(pupil=PupilFactory(school=w.school_a))
    w.case_b = CaseFactory(pupil=PupilFactory(school=w.school_b))
    today = timezone.localdate()
    late = make_request(w, status=RequestStatus.SUBMITTED)
    Request.objects.filter(pk=late.pk).update(received_on=today - timedelta(days=60))  # 8 weeks = 56 days
    make_request(w, status=RequestStatus.INCOMPLETE, school="b")
    make_request(w, status=RequestStatus.DRAFT)  # never on the committee's dashboard
    _r, decision = make_decided(w, decided_ago=5)
    Objection.objects.create(
        decision=decision,
        received_on=today,
        objector="De ouders",
        grounds="Oneens.",
        recorded_by=w.users["clo_secretary"],
    )
    response = client_for(w.users["clo_secretary"]).get(URL)
    assert response.status_code == 200
    dash = response.context["dash"]
    queue = {r.label: r.values[0] for r in dash.table("queue").rows}
    assert queue[str(RequestStatus.SUBMITTED.label)] == 1
    assert queue[str(RequestStatus.INCOMPLETE.label)] == 1
    assert queue[str(RequestStatus.DECIDED.label)] == 1
    assert str(RequestStatus.DRAFT.label) not in queue

    at_risk = dash.table("terms_at_risk").rows
    assert len(at_risk) == 1 and at_risk[0].values[3] == -4
    assert at_risk[0].link == reverse("clo:request_detail", kwargs={"uuid": late.uuid})

    decisions = {r.label: r.values for r in dash.table("decisions").rows}
    assert decisions[str(RequestKind.TLV_SBO.label)][0] == 1  # granted

    lead = {r.label: r.values[0] for r in dash.table("lead_time").rows}
    assert lead["Mediaan aantal dagen van ontvangst tot besluit"] == "10,0"

    objections = dash.table("objections").rows
    assert [r.label for r in objections] == [decision.number]
    assert objections[0].values[3] == (decision.decided_on + timedelta(weeks=18) - today).days

    assert dash.table("tlv_expiring").rows == []  # the new TLV runs two school years

    type(decision).objects.filter(pk=decision.pk).update(ends_on=today + timedelta(days=30))
    dash = client_for(w.users["clo_secretary"]).get(URL).context["dash"]
    assert [r.label for r in dash.table("tlv_expiring").rows] == [decision.number]


def test_chair_sees_figures_without_queue_links(world, client_for):
    make_request(world, status=RequestStatus.SUBMITTED)
    dash = client_for(world.users["clo_chair"]).get(URL).context["dash"]
    assert dash.table("queue").link is None
    assert all(r.link is None for r in dash.table("queue").rows)


def test_no_pupil_names_on_the_clo_dashboard(world, client_for):
    make_request(world, status=RequestStatus.SUBMITTED)
    html = client_for(world.users["clo_secretary"]).get(URL).content.decode()
    assert world.pupil_a.last_name not in html


def test_terms_at_risk_at_the_margin(org):
    """The database leaves out requests received too recently to be at risk; the rule itself
    stays term_for's: a clock with exactly AT_RISK_DAYS left is listed, one day more is not."""
    from clo import terms
    from clo.figures import terms_at_risk

    org.case_a = CaseFactory(pupil=PupilFactory(school=org.school_a))
    org.case_b = CaseFactory(pupil=PupilFactory(school=org.school_b))
    today = timezone.localdate()
    edge = today - timedelta(weeks=8) + timedelta(days=terms.AT_RISK_DAYS)
    on_edge = make_request(org, status=RequestStatus.SUBMITTED)
    beyond = make_request(org, status=RequestStatus.SUBMITTED, school="b")
    Request.objects.filter(pk=on_edge.pk).update(received_on=edge)
    Request.objects.filter(pk=beyond.pk).update(received_on=edge + timedelta(days=1))
    found = terms_at_risk(partnership=org.partnership, today=today, weeks=8)
    assert [(days, r.pk) for days, r, _t in found] == [(terms.AT_RISK_DAYS, on_edge.pk)]
