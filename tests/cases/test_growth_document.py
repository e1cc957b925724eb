"""Groeidocument: field-level history, concurrent-edit conflict, PDF export."""

import logging

import pytest
from django.urls import reverse

from cases.growth.selectors import growth_document_export_context
from cases.models import GrowthDocument, GrowthDocumentChange, Intervention
from ot_portal.core.models import AccessLog
from ot_portal.core.pdf import render_to_pdf
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("cases:growth_document", kwargs={"uuid": world.pupil_a.uuid})


def form_data(document, **changes):
    data = {name: getattr(document, name) or "" for name in GrowthDocument.TRACKED_FIELDS}
    data["has_opp"] = "on" if document.has_opp else ""
    data["version"] = document.version
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_save_keeps_field_level_history_visible_to_users(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(url(world), form_data(world.growth_a, support_needs="Korte instructie"))
    assert response.status_code == 302
    change = GrowthDocumentChange.objects.get(document=world.growth_a, field="support_needs")
    assert change.old_value == "" and change.new_value == "Korte instructie"
    assert change.changed_by == world.users["ib_a"]
    page = client.get(url(world)).content.decode()
    assert "Korte instructie" in page and "Ondersteuningsbehoeften" in page


def test_second_concurrent_save_is_refused_and_keeps_what_was_typed(world, client_for):
    ib = client_for(world.users["ib_a"])
    teacher = client_for(world.users["teacher_a"])
    # Both open the form at the same version.
    assert ib.get(url(world)).status_code == 200
    assert teacher.get(url(world)).status_code == 200
    opened = GrowthDocument.objects.get(pk=world.growth_a.pk)

    assert ib.post(url(world), form_data(opened, educational_needs="Versie van de IB")).status_code == 302
    response = teacher.post(url(world), form_data(opened, parents_view="Ouders zien vooruitgang thuis"))
    body = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="conflict"' in body
    assert "Versie van de IB" in body  # the other person's change, field by field
    assert "Onderwijsbehoeften" in body
    assert "Ouders zien vooruitgang thuis" in body  # the teacher's typing is still in the form
    world.growth_a.refresh_from_db()
    assert world.growth_a.parents_view == ""
    assert world.growth_a.educational_needs == "Versie van de IB"

    # The form now carries the new version: saving again goes through.
    current = GrowthDocument.objects.get(pk=world.growth_a.pk)
    again = teacher.post(url(world), form_data(current, parents_view="Ouders zien vooruitgang thuis"))
    assert again.status_code == 302
    world.growth_a.refresh_from_db()
    assert world.growth_a.parents_view == "Ouders zien vooruitgang thuis"
    assert world.growth_a.educational_needs == "Versie van de IB"


def test_bad_dates_and_overlong_text_are_refused_in_dutch(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(
        url(world),
        form_data(world.growth_a, opp_next_evaluation_on="2026-02-30", support_needs="x" * 5001),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "geldige datum" in body and "niet meer dan 5000 tekens" in body
    world.growth_a.refresh_from_db()
    assert world.growth_a.support_needs == ""


def test_pdf_html_has_the_document_and_only_visible_interventions(world):
    doc = world.growth_a
    doc.has_opp = True
    doc.opp_exit_destination = "pro"
    doc.opp_exit_justification = "Onderbouwing van het uitstroomprofiel"
    doc.save()
    hidden_case = CaseFactory(pupil=world.pupil_a, closed=True)  # an earlier case, not granted
    Intervention.objects.create(
        case=hidden_case,
        level="youth_care",
        description="Verborgen interventie",
        starts_on="2026-09-01",
        created_by=world.users["ib_a"],
    )
    # The orthopedagogue is granted case A only, not the second case.
    context = growth_document_export_context(user=world.users["orthopedagogue_a"], pupil=world.pupil_a)
    html, _pdf = render_to_pdf("cases/pdf/growth_document.html", context)
    assert "Daan Geheimnaam" in html
    assert "Structuur" in html
    assert "Leest AVI E4" in html
    assert "Onderbouwing van het uitstroomprofiel" in html
    assert "Verlengde instructie" in html
    assert "Verborgen interventie" not in html
    assert "<thead>" in html
    assert 'class="signatures"' in html
    assert "running-left" in html


def test_pdf_smoke_is_a_pdf_without_weasyprint_errors(world, client_for, caplog):
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        response = client_for(world.users["ib_a"]).get(
            reverse("cases:growth_document_pdf", kwargs={"uuid": world.pupil_a.uuid})
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert AccessLog.objects.filter(
        user=world.users["ib_a"], object_type="growth_document", action="export", outcome="allowed"
    ).exists()


def test_teacher_may_edit_but_not_export(world, client_for):
    teacher = client_for(world.users["teacher_a"])
    page = teacher.get(url(world)).content.decode()
    assert "Groeidocument opslaan" in page
    assert reverse("cases:growth_document_pdf", kwargs={"uuid": world.pupil_a.uuid}) not in page


def test_opp_evaluation_reminder_on_home(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    world.growth_a.has_opp = True
    world.growth_a.opp_next_evaluation_on = timezone.localdate() + timedelta(days=10)
    world.growth_a.save()
    home = client_for(world.users["ib_a"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="opp-due"' in home and "Daan Geheimnaam" in home
    assert 'data-testid="opp-due"' not in client_for(world.users["ib_b"]).get(reverse("web:home")).content.decode()


def test_first_save_creates_the_document_and_a_stale_first_save_conflicts(world, client_for):
    from tests.factories.cases import EnrolmentFactory, PupilFactory

    pupil = PupilFactory(school=world.school_a)
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    target = reverse("cases:growth_document", kwargs={"uuid": pupil.uuid})
    ib = client_for(world.users["ib_a"])
    teacher = client_for(world.users["teacher_a"])
    assert ib.get(target).status_code == 200
    assert ib.post(target, {"version": 0, "educational_needs": "Eerste versie"}).status_code == 302
    doc = GrowthDocument.objects.get(pupil=pupil)
    assert doc.version == 1 and doc.educational_needs == "Eerste versie"
    response = teacher.post(target, {"version": 0, "educational_needs": "Tegelijk begonnen"})
    assert response.status_code == 409
    assert "Tegelijk begonnen" in response.content.decode()
