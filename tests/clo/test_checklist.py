"""The completeness checklist is computed from the data, per kind, configurable per partnership."""

from datetime import date

import pytest

from clo import selectors, services
from clo.models import CompletenessRequirement, RequestKind, RequestStatus
from tests.factories.clo import make_request

pytestmark = pytest.mark.django_db


def _state(r):
    return {c.code: c.ok for c in selectors.checklist_for(request=r)}


def test_empty_tlv_request_misses_everything_but_consent(world):
    r = make_request(world, status=RequestStatus.DRAFT, full=False)
    state = _state(r)
    assert state == {
        "support_needs": False,
        "opp": False,
        "interventions": False,
        "interventions_evaluated": False,
        "basic_support": False,
        "extra_support": False,
        "parents_view": False,
        "reports_consent": True,
    }


def test_full_request_is_complete(world):
    assert all(_state(make_request(world, status=RequestStatus.DRAFT)).values())


def test_parents_view_needs_text_and_whether_they_agree(world):
    r = make_request(world, status=RequestStatus.DRAFT)
    services.request_update(actor=world.users["ib_a"], request=r, version=r.version, parents_agree=None)
    r.refresh_from_db()
    assert _state(r)["parents_view"] is False


def test_report_without_consent_for_its_discipline_is_flagged_and_left_out_of_the_summary(world):
    r = make_request(world, status=RequestStatus.DRAFT)
    ib = world.users["ib_a"]
    covered = services.report_add(
        actor=ib,
        request=r,
        title="OPP-advies",
        author="SWV",
        author_discipline="orthopedagogue",
        report_date=date(2026, 1, 5),
    )
    assert _state(r)["reports_consent"] is True
    services.report_add(
        actor=ib,
        request=r,
        title="Psychologisch onderzoek",
        author="Praktijk",
        author_discipline="care_provider",
        report_date=date(2026, 1, 6),
    )
    assert _state(r)["reports_consent"] is False
    assert [x.pk for x in selectors.covered_reports(request=r)] == [covered.pk]


def test_withdrawn_consent_uncovers_a_report_at_once(world):
    r = make_request(world, status=RequestStatus.DRAFT)
    services.report_add(
        actor=world.users["ib_a"],
        request=r,
        title="OPP-advies",
        author="SWV",
        author_discipline="orthopedagogue",
        report_date=date(2026, 1, 5),
    )
    world.consent_a.withdrawn_on = world.consent_a.given_on
    world.consent_a.save()
    assert _state(r)["reports_consent"] is False


def test_arrangement_does_not_require_the_opp_by_default(world):
    r = make_request(world, status=RequestStatus.DRAFT, kind=RequestKind.ARRANGEMENT, full=False)
    assert "opp" not in _state(r)


def test_partnership_configuration_replaces_the_defaults_but_consent_stays(world):
    CompletenessRequirement.objects.create(partnership=world.partnership, kind=RequestKind.TLV_SBO, check_code="opp")
    r = make_request(world, status=RequestStatus.DRAFT, full=False)
    assert set(_state(r)) == {"opp", "reports_consent"}


def test_checklist_is_shown_to_the_ib_and_the_secretary(world, client_for):
    r = make_request(world, full=False)
    from django.urls import reverse

    page = client_for(world.users["clo_secretary"]).get(reverse("clo:request_detail", args=[r.uuid]))
    assert page.status_code == 200
    assert 'data-testid="checklist"' in page.content.decode()
    form = client_for(world.users["clo_secretary"]).get(reverse("clo:request_incomplete", args=[r.uuid]))
    # Failed checks are pre-ticked as missing.
    assert form.context["form"].fields["missing"].initial
    draft = make_request(world, status=RequestStatus.DRAFT, full=False)
    edit = client_for(world.users["ib_a"]).get(reverse("clo:request_edit", args=[draft.uuid]))
    assert 'data-testid="checklist"' in edit.content.decode()
