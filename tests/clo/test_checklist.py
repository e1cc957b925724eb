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


def test_report_file_from_the_case_is_downloadable_only_while_consent_covers_it(world, client_for):
    from django.urls import reverse

    from tests.factories.clo import attach_report, case_file

    covered = attach_report(world, case_file(world))
    uncovered = attach_report(world, case_file(world), discipline="care_provider")
    client = client_for(world.users["clo_secretary"])
    response = client.get(reverse("clo:report_download", args=[covered.uuid]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("clo:report_download", args=[uncovered.uuid])).status_code == 403
    page = client.get(reverse("clo:request_detail", args=[uncovered.request.uuid])).content.decode()
    assert "geen toestemming" in page


def test_only_third_party_files_of_the_same_case_can_be_attached(world):
    from django.core.exceptions import ValidationError

    from tests.factories.clo import case_file

    own_note = case_file(world, discipline_report=False)
    r = make_request(world, status=RequestStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.report_add(
            actor=world.users["ib_a"],
            request=r,
            attachment=own_note,
            title="t",
            author="a",
            author_discipline="orthopedagogue",
            report_date=date(2026, 1, 1),
        )


def test_substantiation_is_assembled_from_the_growth_document_and_interventions(world, client_for):
    from django.urls import reverse

    from cases.models import GrowthDocument, Intervention

    GrowthDocument.objects.update_or_create(
        pupil=world.pupil_a,
        defaults={
            "support_needs": "Kleine groep",
            "parents_view": "Wij steunen dit",
            "has_opp": True,
            "opp_exit_destination": "pro",
            "opp_exit_justification": "Leerrendement laag",
            "opp_support_given": "Arrangement gedrag",
        },
    )
    Intervention.objects.filter(case=world.case_a).update(evaluation="Weinig effect", evaluated_on=date(2026, 10, 1))
    client_for(world.users["ib_a"]).post(reverse("clo:request_create", args=[world.case_a.uuid]), {"kind": "tlv_sbo"})
    r = world.case_a.clo_requests.order_by("-pk").first()
    assert "Kleine groep" in r.support_needs
    assert "Leerrendement laag" in r.development_perspective
    assert r.extra_support == "Arrangement gedrag"
    assert r.parents_view == "Wij steunen dit"
    assert "Weinig effect" in r.interventions and r.interventions_evaluated
