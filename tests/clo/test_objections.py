"""Objections (bezwaar): late warning, LBT deadline, hearing, extension once, revised decision."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clo import services, terms
from clo.models import Decision, ObjectionOutcome, RequestStatus
from ot_portal.core.locking import EditConflict
from tests.factories.clo import make_decided, make_request

pytestmark = pytest.mark.django_db


def _objection(w, *, decided_ago=10, received_ago=2):
    r, decision = make_decided(w, decided_ago=decided_ago)
    objection = services.objection_create(
        actor=w.users["clo_secretary"],
        request=r,
        received_on=timezone.localdate() - timedelta(days=received_ago),
        objector="Ouders",
        grounds="Te korte looptijd.",
    )
    return r, decision, objection


def test_objection_without_a_decision_is_refused(world, client_for):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="geen besluit"):
        services.objection_create(
            actor=world.users["clo_secretary"], request=r, received_on=timezone.localdate(), objector="O", grounds="G"
        )
    response = client_for(world.users["clo_secretary"]).get(reverse("clo:objection_create", args=[r.uuid]), follow=True)
    assert response.status_code == 200
    assert "geen besluit" in response.content.decode()


def test_objection_received_before_the_decision_is_refused(world):
    r, decision = make_decided(world, decided_ago=5)
    with pytest.raises(ValidationError):
        services.objection_create(
            actor=world.users["clo_secretary"],
            request=r,
            received_on=decision.decided_on - timedelta(days=1),
            objector="O",
            grounds="G",
        )


def test_late_objection_is_recorded_with_a_warning(world, client_for):
    r, decision = make_decided(world, decided_ago=60)
    response = client_for(world.users["clo_secretary"]).post(
        reverse("clo:objection_create", args=[r.uuid]),
        {"received_on": timezone.localdate().isoformat(), "objector": "Ouders", "grounds": "Laat"},
        follow=True,
    )
    html = response.content.decode()
    assert "meer dan zes weken" in html
    assert 'data-testid="late"' in html


def test_objection_deadlines_are_shown(world, client_for):
    _r, decision, objection = _objection(world)
    response = client_for(world.users["clo_secretary"]).get(reverse("clo:objection_detail", args=[objection.uuid]))
    assert response.context["lbt_due"] == objection.received_on + timedelta(days=14)
    assert response.context["decision_due"] == terms.objection_period_ends(decision.decided_on) + timedelta(weeks=12)


def test_extension_recorded_once_and_at_most_six_weeks(world):
    _r, decision, objection = _objection(world)
    secretary = world.users["clo_secretary"]
    with pytest.raises(ValidationError):
        services.objection_update(
            actor=secretary, objection=objection, version=objection.version, extension_weeks=7, extension_reason="x"
        )
    with pytest.raises(ValidationError):
        services.objection_update(actor=secretary, objection=objection, version=objection.version, extension_weeks=4)
    objection = services.objection_update(
        actor=secretary,
        objection=objection,
        version=objection.version,
        extension_weeks=4,
        extension_reason="LBT-advies later",
    )
    assert objection.extension_recorded_on == timezone.localdate()
    with pytest.raises(ValidationError, match="één keer"):
        services.objection_update(actor=secretary, objection=objection, version=objection.version, extension_weeks=6)


def test_hearing_before_receipt_is_refused_and_stale_edit_is_refused(world):
    _r, _d, objection = _objection(world)
    secretary = world.users["clo_secretary"]
    with pytest.raises(ValidationError):
        services.objection_update(
            actor=secretary,
            objection=objection,
            version=objection.version,
            hearing_on=objection.received_on - timedelta(days=1),
        )
    services.objection_update(actor=secretary, objection=objection, version=objection.version, hearing_report="Verslag")
    with pytest.raises(EditConflict):
        services.objection_update(
            actor=secretary, objection=objection, version=objection.version, hearing_report="Ander"
        )


def test_upheld_objection_revises_the_decision_and_the_old_one_is_superseded(world):
    r, decision, objection = _objection(world)
    today = timezone.localdate()
    objection = services.objection_update(
        actor=world.users["clo_secretary"],
        objection=objection,
        version=objection.version,
        hearing_on=today,
        hearing_report="Ouders gehoord.",
        outcome=ObjectionOutcome.UPHELD,
        decided_on=today,
        revised={
            "outcome": "granted_other",
            "funding_category": "",
            "starts_on": decision.starts_on,
            "ends_on": decision.ends_on + timedelta(days=365),
            "motivation": "Langere looptijd na bezwaar.",
        },
    )
    decision.refresh_from_db()
    assert decision.superseded
    assert objection.revised_decision.revises == decision
    numbers = [d.number for d in Decision.objects.filter(request=r, superseded=False)]
    assert numbers == [objection.revised_decision.number]


def test_objection_without_revised_decision_when_upheld_is_refused(world):
    _r, _d, objection = _objection(world)
    with pytest.raises(ValidationError):
        services.objection_update(
            actor=world.users["clo_secretary"],
            objection=objection,
            version=objection.version,
            outcome=ObjectionOutcome.UPHELD,
            decided_on=timezone.localdate(),
        )


def test_school_reads_the_objection_but_cannot_change_it(world, client_for):
    _r, _d, objection = _objection(world)
    url = reverse("clo:objection_detail", args=[objection.uuid])
    client = client_for(world.users["ib_a"])
    assert client.get(url).context["form"] is None
    assert client.post(url, {"version": objection.version, "hearing_report": "x"}).status_code == 403
