"""Decisions, the decision letter PDF and the two-page summary."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from clo import services, terms
from clo.models import DecisionOutcome, RequestKind, RequestStatus
from ot_portal.core.formats import date_prose
from tests.factories.clo import give_two_advices, make_decided, make_request

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_default_end_date_is_31_july_after_the_partnerships_school_years(world):
    world.partnership.settings.tlv_default_school_years = 3
    world.partnership.settings.save()
    r, decision = make_decided(world)
    start = timezone.localdate()
    assert decision.starts_on == start
    assert decision.ends_on == terms.tlv_default_end(starts_on=start, school_years=3)
    assert decision.ends_on.month == 7 and decision.ends_on.day == 31


def test_decision_numbers_count_up_per_year(world):
    _r1, d1 = make_decided(world)
    _r2, d2 = make_decided(world)
    assert int(d2.number.rsplit("-", 1)[1]) == int(d1.number.rsplit("-", 1)[1]) + 1


def test_granted_with_another_category(world):
    r = make_request(world, status=RequestStatus.ACCEPTED, kind=RequestKind.TLV_SO, funding_category="low")
    give_two_advices(world, r)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=world.users["clo_secretary"],
            request=r,
            outcome=DecisionOutcome.GRANTED,
            funding_category="high",
            motivation="M",
            starts_on=timezone.localdate(),
        )
    d = services.decision_record(
        actor=world.users["clo_secretary"],
        request=r,
        outcome=DecisionOutcome.GRANTED_OTHER,
        funding_category="high",
        motivation="M",
        starts_on=timezone.localdate(),
    )
    assert d.funding_category == "high"


def test_dates_out_of_order_are_refused(world):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    give_two_advices(world, r)
    secretary = world.users["clo_secretary"]
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=secretary,
            request=r,
            outcome="granted",
            motivation="M",
            starts_on=date(2027, 8, 1),
            ends_on=date(2027, 7, 31),
        )
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=secretary,
            request=r,
            outcome="granted",
            motivation="M",
            starts_on=timezone.localdate(),
            decided_on=date(2000, 1, 1),
        )
    r.refresh_from_db()
    assert r.status == RequestStatus.ACCEPTED


def test_decision_form_with_end_before_start_shows_a_dutch_message(world, client_for):
    r = make_request(world, status=RequestStatus.ACCEPTED)
    give_two_advices(world, r)
    response = client_for(world.users["clo_secretary"]).post(
        reverse("clo:decision_create", args=[r.uuid]),
        {
            "outcome": "granted",
            "starts_on": "2027-08-01",
            "ends_on": "2027-07-01",
            "decided_on": timezone.localdate().isoformat(),
            "motivation": "Mijn motivering",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert "Mijn motivering" in response.content.decode()  # nothing the user typed is lost
    assert response.context["form"].errors["ends_on"]


def test_decision_letter_pdf_names_decision_validity_and_objection_route(world, client_for):
    r, decision = make_decided(world)
    response = client_for(world.users["director_a"]).get(reverse("clo:decision_letter", args=[decision.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    _pages, text = _pdf_text(response.content)
    assert decision.number in text
    assert world.pupil_a.last_name in text
    assert f"{decision.ends_on:%d-%m-%Y}" in text
    assert "zes weken" in text  # how to object, in Dutch
    assert date_prose(terms.objection_period_ends(decision.decided_on)) in text


def test_summary_stays_within_two_pages_with_every_field_full(world, client_for):
    r = make_request(world, status=RequestStatus.DRAFT)
    long = "Dit is een lange onderbouwing met veel details over de ondersteuningsbehoefte. " * 80
    fields = {
        "support_needs": long[:4000],
        "development_perspective": long[:4000],
        "interventions": ("1. Interventie met resultaat.\n" * 200)[:4000],
        "basic_support": long[:3000],
        "extra_support": long[:3000],
        "parents_view": long[:3000],
    }
    services.request_update(actor=world.users["ib_a"], request=r, version=r.version, **fields)
    for i in range(10):
        services.report_add(
            actor=world.users["ib_a"],
            request=r,
            title=f"Rapport {i} " + "x" * 150,
            author="Auteur " + "y" * 150,
            author_discipline="orthopedagogue",
            report_date=date(2026, 1, 1),
        )
    response = client_for(world.users["ib_a"]).get(reverse("clo:request_summary_pdf", args=[r.uuid]))
    assert response.status_code == 200
    pages, text = _pdf_text(response.content)
    assert pages <= 2
    assert "Ondersteuningsbehoefte" in text or "ondersteuningsbehoefte" in text


def test_summary_screen_shows_only_reports_covered_by_consent(world, client_for):
    r = make_request(world, status=RequestStatus.DRAFT)
    ib = world.users["ib_a"]
    services.report_add(
        actor=ib,
        request=r,
        title="Gedekt rapport",
        author="SWV",
        author_discipline="orthopedagogue",
        report_date=date(2026, 1, 5),
    )
    services.report_add(
        actor=ib,
        request=r,
        title="Ongedekt rapport",
        author="GGD",
        author_discipline="youth_nurse",
        report_date=date(2026, 1, 5),
    )
    html = client_for(ib).get(reverse("clo:request_summary", args=[r.uuid])).content.decode()
    assert "Gedekt rapport" in html and "Ongedekt rapport" not in html
