"""The request workflow: allowed and refused transitions, history, the case timeline, the term."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import CaseEvent
from clo import selectors, services, workflow
from clo.models import RequestStatus, RequestStatusChange
from ot_portal.core import append_only
from ot_portal.core.locking import EditConflict
from tests.factories.clo import make_request

pytestmark = pytest.mark.django_db


def test_ib_prepares_director_submits_and_receipt_starts_the_term(world):
    r = make_request(world, status=RequestStatus.DRAFT)
    r = services.request_transition(actor=world.users["ib_a"], request=r, to_status=RequestStatus.READY)
    assert r.received_on is None
    r = services.request_transition(actor=world.users["director_a"], request=r, to_status=RequestStatus.SUBMITTED)
    assert r.status == RequestStatus.SUBMITTED
    assert r.received_on == timezone.localdate()
    assert r.confirmed_by == world.users["director_a"]
    r.case.refresh_from_db()
    assert (r.case.status, r.case.care_level) == ("escalated", "clo"), "the case moves up the care route"
    history = list(r.status_changes.values_list("from_status", "to_status", "changed_by__email"))
    assert history == [
        ("", "draft", "ib_a@example.nl"),
        ("draft", "ready", "ib_a@example.nl"),
        ("ready", "submitted", "director_a@example.nl"),
    ]


def test_ib_cannot_submit_on_the_boards_behalf(world):
    r = make_request(world, status=RequestStatus.READY)
    with pytest.raises(PermissionDenied):
        services.request_transition(actor=world.users["ib_a"], request=r, to_status=RequestStatus.SUBMITTED)
    r.refresh_from_db()
    assert r.status == RequestStatus.READY


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (RequestStatus.DRAFT, RequestStatus.SUBMITTED),
        (RequestStatus.DRAFT, RequestStatus.ACCEPTED),
        (RequestStatus.SUBMITTED, RequestStatus.DECIDED),
        (RequestStatus.SUBMITTED, RequestStatus.DRAFT),
        (RequestStatus.ACCEPTED, RequestStatus.SUBMITTED),
    ],
)
def test_refused_transitions_leave_the_request_unchanged(world, start, to):
    r = make_request(world, status=start)
    actor = world.users["clo_secretary"] if start != RequestStatus.DRAFT else world.users["ib_a"]
    with pytest.raises(ValidationError):
        services.request_transition(actor=actor, request=r, to_status=to)
    r.refresh_from_db()
    assert r.status == start


def test_decided_needs_a_recorded_decision(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="eerst het besluit"):
        services.request_transition(actor=world.users["clo_secretary"], request=r, to_status=RequestStatus.DECIDED)


def test_secretary_cannot_act_for_the_school_and_the_school_not_for_the_secretary(world):
    r = make_request(world)
    with pytest.raises(PermissionDenied):
        services.request_transition(actor=world.users["ib_a"], request=r, to_status=RequestStatus.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.request_transition(actor=world.users["clo_chair"], request=r, to_status=RequestStatus.ACCEPTED)


def test_every_transition_is_in_one_dict_with_a_known_permission():
    from ot_portal.core.access import Perm

    known = {v for k, v in vars(Perm).items() if k.isupper()}
    assert set(workflow.ALLOWED_TRANSITIONS.values()) <= known
    assert (RequestStatus.DECIDED, RequestStatus.DRAFT) not in workflow.ALLOWED_TRANSITIONS


def test_each_transition_says_how_its_button_reads_and_whether_it_undoes_work():
    destructive = {step for step, t in workflow.TRANSITIONS.items() if t.destructive}
    assert destructive == {
        step for step in workflow.TRANSITIONS if step[1] in (RequestStatus.WITHDRAWN, RequestStatus.DRAFT)
    }
    assert all(str(t.label) for t in workflow.TRANSITIONS.values())
    # The same target reads differently by where the request stands.
    with translation.override("en"):
        assert str(workflow.transition(RequestStatus.READY, RequestStatus.SUBMITTED).label) == (
            "Confirm and submit on the board's behalf"
        )
        assert str(workflow.transition(RequestStatus.INCOMPLETE, RequestStatus.SUBMITTED).label) == (
            "Completed: resubmit to the CLO"
        )
        assert str(workflow.transition(RequestStatus.PLANNED, RequestStatus.ACCEPTED).label) == (
            "Take off the meeting's agenda"
        )
    assert workflow.transition(RequestStatus.DECIDED, RequestStatus.DRAFT) is None


def test_the_request_page_offers_the_steps_of_the_workflow_table(world, client_for):
    r = make_request(world, status=RequestStatus.READY)
    html = client_for(world.users["director_a"]).get(reverse("clo:request_detail", args=[r.uuid])).content.decode()
    assert '<input type="hidden" name="to" value="submitted">' in html
    submit = html.split('data-testid="to-submitted"')[0].rsplit("<button", 1)[1]
    back = html.split('data-testid="to-draft"')[0].rsplit("<button", 1)[1]
    assert "btn-outline-primary" in submit and "btn-outline-danger" in back
    with translation.override("nl"):
        assert str(workflow.TRANSITIONS[RequestStatus.READY, RequestStatus.SUBMITTED].label) in html
    assert 'data-testid="mark-incomplete"' not in html and 'data-testid="decide"' not in html


def test_history_rows_cannot_be_edited(world):
    r = make_request(world)
    row = RequestStatusChange.objects.filter(request=r).first()
    row.reason = "rewritten"
    with pytest.raises(ValidationError):
        row.save()


def test_each_transition_lands_on_the_case_timeline_without_the_pupils_name(world):
    before = CaseEvent.objects.filter(case=world.case_a, source_app="clo").count()
    r = make_request(world, status=RequestStatus.ACCEPTED)
    events = CaseEvent.objects.filter(case=world.case_a, source_app="clo", source_id=str(r.uuid)).order_by("at", "pk")
    assert events.count() == 4  # started, ready, submitted, accepted
    assert CaseEvent.objects.filter(case=world.case_a, source_app="clo").count() > before
    assert all(e.kind == "clo" for e in events)
    assert all(world.pupil_a.last_name not in e.text and world.pupil_a.last_name not in str(e.params) for e in events)


def test_incomplete_suspends_the_clock_and_completion_resumes_it(world):
    r = make_request(world)
    secretary, ib = world.users["clo_secretary"], world.users["ib_a"]
    today = timezone.localdate()
    received = today - timedelta(days=30)
    type(r).objects.filter(pk=r.pk).update(received_on=received)
    r = services.request_transition(
        actor=secretary, request=r, to_status=RequestStatus.INCOMPLETE, missing_items=["OPP"]
    )
    # The request for completion went out 20 days ago.
    with append_only.exempt([RequestStatusChange]):  # backdating the history, test only
        RequestStatusChange.objects.filter(request=r, to_status=RequestStatus.INCOMPLETE).update(
            changed_at=timezone.now() - timedelta(days=20)
        )
    r.refresh_from_db()
    term = selectors.term_for(r, term_weeks=8)
    assert term.suspended and not term.at_risk
    assert term.due == received + timedelta(weeks=8, days=20)
    services.request_transition(actor=ib, request=r, to_status=RequestStatus.SUBMITTED)
    with append_only.exempt([RequestStatusChange]):  # backdating the history, test only
        RequestStatusChange.objects.filter(request=r, from_status=RequestStatus.INCOMPLETE).update(
            changed_at=timezone.now() - timedelta(days=5)
        )
    r.refresh_from_db()
    term = selectors.term_for(r, term_weeks=8)
    assert not term.suspended
    assert term.suspended_days == 15
    assert term.due == received + timedelta(weeks=8, days=15)
    # received 30 days ago, 15 suspended: 56 - 15 = 41 days left
    assert term.days_left == 41


def test_incomplete_needs_a_list_of_what_is_missing(world):
    r = make_request(world)
    with pytest.raises(ValidationError, match="ontbreekt"):
        services.request_transition(actor=world.users["clo_secretary"], request=r, to_status=RequestStatus.INCOMPLETE)


def test_edit_only_while_the_school_holds_the_request_and_stale_edit_refused(world):
    r = make_request(world, status=RequestStatus.DRAFT)
    ib = world.users["ib_a"]
    services.request_update(actor=ib, request=r, version=r.version, support_needs="Nieuw")
    with pytest.raises(EditConflict):
        services.request_update(actor=ib, request=r, version=r.version, support_needs="Ander")
    r.refresh_from_db()
    assert r.support_needs == "Nieuw"
    submitted = make_request(world)
    with pytest.raises(ValidationError):
        services.request_update(actor=ib, request=submitted, version=submitted.version, support_needs="x")


def test_incomplete_mails_the_list_to_the_schools_ib_and_director_without_the_pupils_name(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    r = make_request(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_transition(
            actor=world.users["clo_secretary"],
            request=r,
            to_status=RequestStatus.INCOMPLETE,
            missing_items=["OPP ontbreekt"],
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {"ib_a@example.nl", "director_a@example.nl"}
    assert "OPP ontbreekt" in mail.body and r.reference in mail.subject
    assert world.pupil_a.last_name not in mail.body + mail.subject
