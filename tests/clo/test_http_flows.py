"""Browser-level flows without a browser: crafted posts, Dutch messages, nothing lost."""

import pytest
from django.urls import reverse

from clo.models import Request, RequestKind, RequestStatus, ThirdPartyReport
from tests.demo_data import load_demo
from tests.factories.clo import make_request

pytestmark = pytest.mark.django_db


def test_ib_starts_a_request_from_a_case_and_the_board_is_the_applicant(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(
        reverse("clo:request_create", args=[world.case_a.uuid]), {"kind": "tlv_so", "funding_category": "high"}
    )
    r = Request.objects.filter(case=world.case_a).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == reverse("clo:request_edit", args=[r.uuid])
    assert r.board == world.school_a.board and r.status == RequestStatus.DRAFT and r.funding_category == "high"


def test_so_request_without_category_gets_a_dutch_message(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("clo:request_create", args=[world.case_a.uuid]), {"kind": "tlv_so"}
    )
    assert response.status_code == 200
    assert "bekostigingscategorie" in response.content.decode()


def test_crafted_posts_for_another_schools_request_are_404_and_change_nothing(world, client_for):
    b = world.clo_request_b
    client = client_for(world.users["ib_a"])
    assert client.post(reverse("clo:request_transition", args=[b.uuid]), {"to": "withdrawn"}).status_code == 404
    assert (
        client.post(
            reverse("clo:request_edit", args=[b.uuid]), {"support_needs": "x", "version": b.version}
        ).status_code
        == 404
    )
    report = {"title": "t", "author": "a", "author_discipline": "orthopedagogue", "report_date": "2026-01-01"}
    assert client.post(reverse("clo:report_add", args=[b.uuid]), report).status_code == 404
    assert client.post(reverse("clo:request_create", args=[world.case_b.uuid]), {"kind": "tlv_sbo"}).status_code == 404
    b.refresh_from_db()
    assert b.status == RequestStatus.SUBMITTED
    assert not ThirdPartyReport.objects.filter(request=b).exists()
    assert not Request.objects.filter(case=world.case_b, prepared_by=world.users["ib_a"]).exists()


def test_stale_edit_keeps_what_the_user_typed(world, client_for):
    r = make_request(world, status=RequestStatus.DRAFT)
    url = reverse("clo:request_edit", args=[r.uuid])
    client = client_for(world.users["ib_a"])
    old_version = r.version
    client.post(url, {"support_needs": "Eerste versie", "version": old_version, "parents_agree": "unknown"})
    response = client.post(
        url, {"support_needs": "Mijn nieuwe tekst", "version": old_version, "parents_agree": "unknown"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn nieuwe tekst" in html and "Iemand anders" in html
    r.refresh_from_db()
    assert r.support_needs == "Eerste versie"


def test_incomplete_list_reaches_the_school_and_completion_resubmits(world, client_for):
    r = make_request(world, full=False)
    secretary = client_for(world.users["clo_secretary"])
    secretary.post(
        reverse("clo:request_incomplete", args=[r.uuid]),
        {"missing": ["Ontwikkelingsperspectief (OPP) aanwezig"], "reason": "Graag het OPP toevoegen."},
    )
    r.refresh_from_db()
    assert r.status == RequestStatus.INCOMPLETE
    ib = client_for(world.users["ib_a"])
    page = ib.get(reverse("clo:request_detail", args=[r.uuid])).content.decode()
    assert "Graag het OPP toevoegen." in page and "Ontwikkelingsperspectief (OPP) aanwezig" in page
    ib.post(reverse("clo:request_transition", args=[r.uuid]), {"to": "submitted"})
    r.refresh_from_db()
    assert r.status == RequestStatus.SUBMITTED


def test_empty_incomplete_form_is_refused_with_a_message(world, client_for):
    r = make_request(world)
    # Untick every pre-ticked item and give no explanation.
    response = client_for(world.users["clo_secretary"]).post(
        reverse("clo:request_incomplete", args=[r.uuid]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "ontbreekt" in response.content.decode()
    r.refresh_from_db()
    assert r.status == RequestStatus.SUBMITTED


def test_extension_request_refers_to_an_existing_tlv(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(reverse("clo:request_create", args=[world.case_a.uuid]), {"kind": "extension"})
    assert response.status_code == 200 and response.context["form"].errors["extends_decision"]
    response = client.post(
        reverse("clo:request_create", args=[world.case_a.uuid]),
        {"kind": "extension", "extends_decision": world.clo_decision_a.pk},
    )
    assert response.status_code == 302
    assert Request.objects.filter(kind=RequestKind.EXTENSION, extends_decision=world.clo_decision_a).exists()


def test_pages_render_in_dutch(world, client_for):
    html = (
        client_for(world.users["clo_secretary"])
        .get(reverse("clo:request_detail", args=[world.clo_request_a.uuid]))
        .content.decode()
    )
    assert "Onderbouwing" in html and "Beslistermijn" in html


def test_seed_demo_is_idempotent_and_covers_every_state(db):
    from django.core.management import call_command

    load_demo()  # seed_demo's rows (tests/demo_data.py); the second run below is the command itself
    first = Request.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Request.objects.count() == first
    statuses = set(Request.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    from clo.models import Objection, Vote

    assert Objection.objects.exclude(hearing_on=None).exists()
    assert Vote.objects.exists()


def test_home_panels_show_the_queue_to_the_secretary_and_open_advice_to_the_expert(world, client_for):
    from django.urls import reverse as r

    sec = client_for(world.users["clo_secretary"]).get(r("web:home")).content.decode()
    assert 'data-testid="clo-panel"' in sec and r("clo:queue") in sec
    expert = client_for(world.users["clo_expert"]).get(r("web:home")).content.decode()
    assert r("clo:advice_create", args=[world.clo_request_a.uuid]) in expert


def test_clo_seeder_alone_creates_minimal_pupils_when_the_cases_seeder_did_not_run(db):
    from cases.models import Pupil
    from ot_portal.demo import clo as demo
    from ot_portal.demo.organisation import seed_organisation

    org = seed_organisation()
    demo.seed(org)
    demo.seed(org)
    assert Pupil.objects.filter(pupil_number__startswith="C-").count() == len(demo.PUPILS)
    assert set(Request.objects.values_list("status", flat=True)) == set(RequestStatus.values)
