"""Two expert advices for a TLV; advisory members cannot vote."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from clo import services
from clo.models import DecisionOutcome, RequestKind, RequestStatus, Vote
from ot_portal.core.models import CommitteeMembership, CommitteeRole
from tests.factories import core as f
from tests.factories.clo import give_two_advices, make_request, membership

pytestmark = pytest.mark.django_db


def _decide(w, r):
    return services.decision_record(
        actor=w.users["clo_secretary"],
        request=r,
        outcome=DecisionOutcome.GRANTED,
        motivation="M",
        starts_on=timezone.localdate(),
    )


def _expert(w, discipline, name):
    user = f.UserFactory(email=f"{name}@example.nl")
    return f.CommitteeMembershipFactory(
        user=user, partnership=w.partnership, role=CommitteeRole.EXPERT, discipline=discipline
    )


def _advise(w, r, member):
    services.expert_assign(actor=w.users["clo_secretary"], request=r, expert=member)
    return services.advice_give(actor=member.user, request=r, recommendation="grant", advice="Advies")


def test_tlv_decision_refused_without_advices_then_with_one(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="twee deskundigenadviezen"):
        _decide(world, r)
    _advise(world, r, membership(world, "clo_orthopedagogue"))
    with pytest.raises(ValidationError, match="twee deskundigenadviezen"):
        _decide(world, r)
    r.refresh_from_db()
    assert r.status == RequestStatus.ACCEPTED and not r.decisions.exists()


def test_two_advices_without_a_primary_discipline_are_refused(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    other = f.DisciplineFactory(partnership=world.partnership, code="arts", name="Arts")
    _advise(world, r, membership(world, "clo_expert"))  # kinderpsychiater, not primary
    _advise(world, r, _expert(world, other, "arts"))
    with pytest.raises(ValidationError, match="orthopedagoog of psycholoog"):
        _decide(world, r)


def test_two_advices_from_the_same_discipline_are_refused(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    _advise(world, r, membership(world, "clo_orthopedagogue"))
    _advise(world, r, _expert(world, world.disciplines.primary, "ortho2"))
    with pytest.raises(ValidationError, match="andere discipline"):
        _decide(world, r)


def test_primary_plus_other_discipline_allows_the_decision(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    give_two_advices(world, r)
    decision = _decide(world, r)
    r.refresh_from_db()
    assert r.status == RequestStatus.DECIDED and decision.number.startswith(f"CLO-{timezone.localdate().year}-")


def test_arrangement_needs_no_two_advices(world):
    r = make_request(world, status=RequestStatus.ACCEPTED, kind=RequestKind.ARRANGEMENT)
    assert (
        services.decision_record(
            actor=world.users["clo_secretary"], request=r, outcome=DecisionOutcome.GRANTED, motivation="M"
        ).ends_on
        is None
    )


def test_only_an_assigned_expert_advises_and_only_once(world):
    r = make_request(world)
    with pytest.raises(PermissionDenied):
        services.advice_give(actor=world.users["clo_expert"], request=r, recommendation="grant", advice="x")
    _advise(world, r, membership(world, "clo_expert"))
    with pytest.raises(ValidationError, match="al advies"):
        services.advice_give(actor=world.users["clo_expert"], request=r, recommendation="grant", advice="x")


def test_decision_form_explains_the_rule(world, client_for):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    page = client_for(world.users["clo_secretary"]).get(reverse("clo:decision_create", args=[r.uuid]))
    html = page.content.decode()
    assert "orthopedago" in html.lower() and 'data-testid="two-expert"' in html
    response = client_for(world.users["clo_secretary"]).post(
        reverse("clo:decision_create", args=[r.uuid]),
        {
            "outcome": "granted",
            "starts_on": timezone.localdate().isoformat(),
            "decided_on": timezone.localdate().isoformat(),
            "motivation": "Motivatie die bewaard moet blijven",
        },
    )
    assert response.status_code == 200  # the form with the reason, not a 403 page
    assert response.context["form"].non_field_errors()
    html = response.content.decode()
    assert "Motivatie die bewaard moet blijven" in html  # what was typed is kept
    assert "Voor een TLV zijn twee deskundigenadviezen nodig; er zijn er 0." in html
    r.refresh_from_db()
    assert r.status == RequestStatus.ACCEPTED


def test_voting_members_vote_advisory_members_are_refused(world):
    r = make_request(world, status=RequestStatus.PLANNED)
    meeting = r.meeting
    for persona in ("clo_chair", "clo_secretary", "clo_orthopedagogue"):
        services.vote_cast(actor=world.users[persona], meeting=meeting, request=r, choice="in_favour")
    for persona in ("clo_advisor", "clo_expert"):
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=world.users[persona], meeting=meeting, request=r, choice="against")
    assert Vote.objects.filter(request=r).count() == 3
    assert not Vote.objects.filter(request=r, choice="against").exists()


def test_advisory_vote_is_explained_on_the_meeting_page_and_records_nothing(world, client_for):
    r = make_request(world, status=RequestStatus.PLANNED)
    url = reverse("clo:vote", args=[r.meeting.uuid])
    response = client_for(world.users["clo_advisor"]).post(url, {"request": str(r.uuid), "choice": "against"})
    assert response.status_code == 200  # the meeting page with the reason, not a 403 page
    html = response.content.decode()
    assert 'data-testid="vote-refused"' in html
    assert "Adviserende leden adviseren, maar stemmen niet." in html
    assert "Tegen" in html  # the choice made is named back
    assert "intern begeleider" not in html and "Geen toegang" not in html
    assert r.reference in html  # still the meeting page with its agenda
    assert not Vote.objects.exists()


def test_a_voter_absent_from_the_meeting_cannot_vote(world):
    r = make_request(world, status=RequestStatus.PLANNED)
    r.meeting.members_present.set([CommitteeMembership.objects.get(user=world.users["clo_chair"])])
    with pytest.raises(ValidationError, match="aanwezig"):
        services.vote_cast(actor=world.users["clo_secretary"], meeting=r.meeting, request=r, choice="in_favour")
    services.vote_cast(actor=world.users["clo_chair"], meeting=r.meeting, request=r, choice="in_favour")
    assert Vote.objects.count() == 1


def test_advisory_member_reads_without_any_action(world, client_for):
    html = client_for(world.users["clo_advisor"]).get(reverse("clo:request_detail", args=[world.clo_request_a.uuid]))
    content = html.content.decode()
    assert 'data-testid="no-steps"' in content
    assert reverse("clo:request_transition", args=[world.clo_request_a.uuid]) not in content
    assert reverse("clo:decision_create", args=[world.clo_request_a.uuid]) not in content


def test_vote_on_a_request_not_on_the_agenda_is_refused_with_a_message(world, client_for):
    r = make_request(world, status=RequestStatus.PLANNED)
    other = world.clo_request_b
    response = client_for(world.users["clo_chair"]).post(
        reverse("clo:vote", args=[r.meeting.uuid]), {"request": str(other.uuid), "choice": "in_favour"}, follow=True
    )
    assert response.status_code == 200
    assert "niet op de agenda" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_vote_form_is_offered_for_a_planned_request_to_voting_members_only(world, client_for):
    r = make_request(world, status=RequestStatus.PLANNED)
    url = reverse("clo:meeting_detail", args=[r.meeting.uuid])
    html = client_for(world.users["clo_chair"]).get(url).content.decode()
    assert f'<input type="hidden" name="request" value="{r.uuid}">' in html
    assert '<select name="choice" class="form-select form-select-sm" aria-label="Stem">' in html
    assert 'name="choice"' not in client_for(world.users["clo_advisor"]).get(url).content.decode()
