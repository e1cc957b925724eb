"""Intake (zorgformulier): drafts by teachers, submission by the IB opens a case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CareLevel, CaseEvent, CaseStatus, Intake, IntakeStatus
from ot_portal.core.formats import date_prose
from tests.factories.cases import EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pupil_new(world):
    """A pupil of teacher A's group without a case or a draft (pupil A has both in the world)."""
    world.pupil_new = PupilFactory(school=world.school_a, first_name="Daan", last_name="Nieuw")
    EnrolmentFactory(pupil=world.pupil_new, school_year=world.school_year, group=world.group_a)
    return world.pupil_new


def intake_data(world, **extra):
    data = {
        "pupil": world.pupil_new.uuid,
        "reason": "Leesachterstand groeit",
        "help_question": "Wat heeft Daan nodig om bij te blijven?",
        "concern_areas": ["learning"],
    }
    data.update(extra)
    return data


def test_teacher_draft_shows_on_ib_list_and_ib_submits_it(world, client_for):
    teacher = client_for(world.users["teacher_a"])
    response = teacher.post(reverse("cases:intake_new"), {**intake_data(world, help_question=""), "draft": "1"})
    assert response.status_code == 302
    intake = Intake.objects.exclude(pk=world.intake_a.pk).get()
    assert intake.status == IntakeStatus.DRAFT and intake.created_by == world.users["teacher_a"]

    ib = client_for(world.users["ib_a"])
    listing = ib.get(reverse("cases:intake_list")).content.decode()
    assert reverse("cases:intake_edit", kwargs={"uuid": intake.uuid}) in listing

    group_day = timezone.localdate() - timedelta(days=40)
    response = ib.post(
        reverse("cases:intake_edit", kwargs={"uuid": intake.uuid}),
        {**intake_data(world, group_discussion_on=group_day.isoformat()), "submit": "1"},
    )
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.SUBMITTED
    case = intake.case
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.uuid}/")
    assert case.care_level == CareLevel.OT and case.status == CaseStatus.REGISTERED
    summaries = [(e.kind, e.text) for e in CaseEvent.objects.filter(case=case)]
    assert any(kind == "intake" for kind, _ in summaries)
    assert any(kind == "care_level" and date_prose(group_day) in s for kind, s in summaries)


def test_teacher_cannot_submit(world, client_for):
    response = client_for(world.users["teacher_a"]).post(
        reverse("cases:intake_new"), {**intake_data(world), "submit": "1"}
    )
    assert response.status_code == 403
    assert not Intake.objects.filter(status=IntakeStatus.SUBMITTED).exists()


def test_submit_without_required_fields_keeps_input_and_says_why_in_dutch(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intake_new"), {**intake_data(world, concern_areas=[], help_question=""), "submit": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is nodig om de aanmelding in te dienen" in body
    assert "Leesachterstand groeit" in body
    assert not world.pupil_new.cases.exists()


def test_partnership_can_require_more_fields(world, client_for):
    settings = world.partnership.settings
    settings.intake_required_fields = ["strengths"]
    settings.save()
    client = client_for(world.users["ib_a"])
    response = client.post(reverse("cases:intake_new"), {**intake_data(world), "submit": "1"})
    assert response.status_code == 200
    assert "Dit veld is nodig" in response.content.decode()
    response = client.post(
        reverse("cases:intake_new"), {**intake_data(world, strengths="Behulpzaam, sportief"), "submit": "1"}
    )
    assert response.status_code == 302


def test_future_discussion_date_is_refused(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intake_new"),
        {
            **intake_data(world, pupil_discussion_on=(timezone.localdate() + timedelta(days=5)).isoformat()),
            "draft": "1",
        },
    )
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()


def test_teacher_cannot_register_a_pupil_of_another_group(world, client_for):
    response = client_for(world.users["teacher_a_other"]).post(
        reverse("cases:intake_new"), {**intake_data(world), "draft": "1"}
    )
    assert response.status_code == 200  # the pupil is not a valid choice for them
    assert not Intake.objects.filter(created_by=world.users["teacher_a_other"]).exists()


def test_concurrent_draft_edit_is_refused_and_keeps_typing(world, client_for):
    url = reverse("cases:intake_edit", kwargs={"uuid": world.intake_a.uuid})
    version = world.intake_a.version
    teacher = client_for(world.users["teacher_a"])
    ib = client_for(world.users["ib_a"])
    first = teacher.post(url, {**intake_data(world, reason="Versie leerkracht"), "version": version, "draft": "1"})
    assert first.status_code == 302
    second = ib.post(url, {**intake_data(world, reason="Versie IB"), "version": version, "draft": "1"})
    body = second.content.decode()
    assert second.status_code == 200
    assert "Iemand anders heeft deze aanmelding opgeslagen" in body
    assert "Versie IB" in body
    world.intake_a.refresh_from_db()
    assert world.intake_a.reason == "Versie leerkracht"


def test_intake_list_is_paged(world, client_for):
    for _ in range(30):
        pupil = PupilFactory(school=world.school_a)
        Intake.objects.create(pupil=pupil, school=world.school_a, created_by=world.users["ib_a"])
    client = client_for(world.users["ib_a"])
    first = client.get(reverse("cases:intake_list"))
    assert first.content.decode().count('data-testid="intake-row"') == 25
    assert "?page=2" in first.content.decode()
    second = client.get(reverse("cases:intake_list"), {"page": "2"})
    assert 0 < second.content.decode().count('data-testid="intake-row"') <= 25
    assert set(first.context["page"].object_list).isdisjoint(second.context["page"].object_list)
