"""The case list and case page: workflow, regie, actions, attachments, query budgets."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.casefile.models import CASE_STATUS_BADGES
from cases.casefile.services import case_change_status, case_handover_regie, case_open
from cases.models import Action, Attachment, Case, CaseEvent, CaseStatus, CaseStatusChange, Intervention
from ot_portal.core.models import AccessLog
from tests.factories.cases import ActionFactory, CaseFactory, PupilFactory, grant_case

pytestmark = pytest.mark.django_db


def detail_url(case):
    return reverse("cases:case_detail", kwargs={"uuid": case.uuid})


# --- Workflow ----------------------------------------------------------------------------------


def test_status_workflow_appends_history_and_refuses_skips(world):
    ib = world.users["ib_a"]
    case = case_open(actor=ib, pupil=PupilFactory(school=world.school_a))
    with pytest.raises(ValidationError):
        case_change_status(actor=ib, case=case, to_status=CaseStatus.ESCALATED)
    case_change_status(actor=ib, case=case, to_status=CaseStatus.ACTIVE, reason="OT besproken")
    with pytest.raises(ValidationError) as exc:
        case_change_status(actor=ib, case=case, to_status=CaseStatus.CLOSED)
    assert "outcome" in exc.value.error_dict
    case_change_status(actor=ib, case=case, to_status=CaseStatus.CLOSED, outcome="tlv_granted")
    case_change_status(actor=ib, case=case, to_status=CaseStatus.ACTIVE, reason="Heropend")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.closed_on is None and case.outcome == ""
    history = list(CaseStatusChange.objects.filter(case=case).values_list("to_status", flat=True))
    assert history == ["registered", "active", "closed", "active"]
    assert CaseEvent.objects.filter(case=case, kind="status").count() == 3


def test_closing_over_http_without_outcome_shows_dutch_error(world, client_for):
    world.case_a.refresh_from_db()
    status_before = world.case_a.status
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:case_status", kwargs={"uuid": world.case_a.uuid}), {"status-to_status": "closed"}
    )
    assert response.status_code == 200
    assert "Kies de uitkomst" in response.content.decode()
    world.case_a.refresh_from_db()
    assert world.case_a.status == status_before != CaseStatus.CLOSED


def test_regie_handover_to_granted_external_lets_them_write_notes(world, client_for):
    ortho = world.users["orthopedagogue_a"]
    note_url = reverse("cases:case_note_add", kwargs={"uuid": world.case_a.uuid})
    note = {
        "note-kind": "advice",
        "note-occurred_on": timezone.localdate().isoformat(),
        "note-text": "Advies over lezen",
    }
    assert client_for(ortho).post(note_url, note).status_code == 403

    response = client_for(world.users["ib_a"]).post(
        reverse("cases:case_regie", kwargs={"uuid": world.case_a.uuid}),
        {"lead-to_lead": ortho.pk, "lead-note": "Overdracht: moeder belt liever na 15 uur"},
    )
    assert response.status_code == 302
    world.case_a.refresh_from_db()
    assert world.case_a.lead == ortho
    assert world.case_a.lead_changes.get().note.startswith("Overdracht")
    assert client_for(ortho).post(note_url, note).status_code == 302
    assert world.case_a.notes.get().author == ortho


def test_regie_cannot_go_to_an_external_without_grant(world):
    with pytest.raises(ValidationError):
        case_handover_regie(actor=world.users["ib_a"], case=world.case_a, to_holder=world.users["youth_nurse_a"])


# --- Actions -----------------------------------------------------------------------------------


def test_action_with_external_owner_needs_email_and_due_date_not_in_past(world, client_for):
    url = reverse("cases:action_add", kwargs={"uuid": world.case_a.uuid})
    client = client_for(world.users["ib_a"])
    before = Action.objects.count()
    response = client.post(
        url,
        {
            "action-description": "Bellen met jeugdhulp",
            "action-external_owner_name": "Petra",
            "action-due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "e-mailadres" in body and "verleden" in body
    assert "Bellen met jeugdhulp" in body  # what the user typed is kept
    assert Action.objects.count() == before
    response = client.post(
        url,
        {
            "action-description": "Bellen met jeugdhulp",
            "action-external_owner_name": "Petra",
            "action-external_owner_email": "petra@jeugdhulp.nl",
            "action-due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Action.objects.filter(external_owner_email="petra@jeugdhulp.nl", owner__isnull=True).exists()


def test_overlong_text_is_refused_on_the_form(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:case_note_add", kwargs={"uuid": world.case_a.uuid}),
        {"note-kind": "advice", "note-occurred_on": timezone.localdate().isoformat(), "note-text": "x" * 4001},
    )
    assert response.status_code == 200
    assert "niet meer dan 4000 tekens" in response.content.decode()
    assert not world.case_a.notes.exists()


def test_overdue_actions_are_marked_red_on_case_page_and_home(world, client_for):
    ActionFactory(case=world.case_a, owner=world.users["ib_a"], overdue=True, description="Te laat actie")
    response = client_for(world.users["ib_a"]).get(detail_url(world.case_a))
    body = response.content.decode()
    assert 'data-overdue="1"' in body and "table-danger" in body
    home = client_for(world.users["ib_a"]).get(reverse("web:home")).content.decode()
    assert "Te laat actie" in home and 'data-overdue="1"' in home


def test_action_owner_sees_own_action_at_home_but_other_school_does_not(world, client_for):
    ActionFactory(case=world.case_a, owner=world.users["orthopedagogue_a"], description="Observatie groep 5")
    assert "Observatie groep 5" in client_for(world.users["orthopedagogue_a"]).get("/").content.decode()
    assert "Observatie groep 5" not in client_for(world.users["ib_b"]).get("/").content.decode()


def test_marking_an_action_done_records_date_and_result(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:action_update", kwargs={"uuid": world.case_a.uuid, "action_uuid": world.action_a.uuid}),
        {"status": "done", "result": "Gesprek gevoerd"},
    )
    assert response.status_code == 302
    world.action_a.refresh_from_db()
    assert world.action_a.status == "done" and world.action_a.done_on == timezone.localdate()


# --- Attachments -------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("verslag.pdf", b"%PDF-1.7\n...", True),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, True),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, True),
        ("brief.docx", _docx_bytes(), True),
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20, True),
        ("virus.pdf", b"MZ\x90\x00 this is an exe", False),  # disguised
        ("verslag.exe", b"%PDF-1.7\n...", False),  # right content, wrong name
        ("archief.docx", b"PK\x03\x04not really a zip", False),
        ("script.html", b"<html><script>alert(1)</script>", False),
    ],
)
def test_attachments_are_checked_by_content(world, client_for, name, content, ok):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:attachment_add", kwargs={"uuid": world.case_a.uuid}),
        {"attachment-file": SimpleUploadedFile(name, content), "attachment-description": "Rapport"},
    )
    stored = Attachment.objects.filter(case=world.case_a, description="Rapport").exists()
    assert stored is ok
    if ok:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        body = response.content.decode()
        assert "PDF" in body and ("alleen" in body.lower() or "komt niet overeen" in body)


def test_oversized_attachment_is_refused(world, client_for):
    big = SimpleUploadedFile("groot.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1))
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:attachment_add", kwargs={"uuid": world.case_a.uuid}), {"attachment-file": big}
    )
    assert response.status_code == 200
    assert "groter dan 10 MB" in response.content.decode()
    assert not Attachment.objects.filter(original_name="groot.pdf").exists()


def test_attachment_download_is_checked_and_logged(world, client_for):
    url = reverse("cases:attachment_download", kwargs={"uuid": world.attachment_a.uuid})
    response = client_for(world.users["social_team_a"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(
        user=world.users["social_team_a"], object_type="attachment", action="download", outcome="allowed"
    ).exists()
    assert client_for(world.users["youth_nurse_a"]).get(url).status_code == 404


# --- Lists and query budgets -------------------------------------------------------------------


def _bulk_cases(school, n, batch):
    from cases.models import Pupil

    prefix = f"B{batch}-"
    Pupil.objects.bulk_create([PupilFactory.build(school=school, pupil_number=f"{prefix}{i}") for i in range(n)])
    pupils = list(Pupil.objects.filter(school=school, pupil_number__startswith=prefix))
    Case.objects.bulk_create([Case(pupil=p, school=school, status=CaseStatus.ACTIVE) for p in pupils])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_case_list_query_count_does_not_grow_with_500_cases(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["ib_a"])
    url = reverse("cases:case_list")
    _bulk_cases(world.school_a, 20, 1)
    small = _queries(client, url)
    _bulk_cases(world.school_a, 480, 2)
    large = _queries(client, url)
    assert large == small
    with django_assert_max_num_queries(small):
        response = client.get(url + "?page=3")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="case-row"') == 25


def test_case_list_search_and_filter(world, client_for):
    client = client_for(world.users["ib_a"])
    closed = CaseFactory(pupil=PupilFactory(school=world.school_a, last_name="Zoekbaar"), closed=True)
    body = client.get(reverse("cases:case_list") + "?q=zoekbaar").content.decode()
    assert "Zoekbaar" in body and "Geheimnaam" not in body
    world.case_a.refresh_from_db()  # the world's CLO request has escalated it
    body = client.get(reverse("cases:case_list") + f"?status={world.case_a.status}").content.decode()
    assert "Geheimnaam" in body and "Zoekbaar" not in body
    body = client.get(reverse("cases:case_list") + f"?q={closed.pupil.pupil_number}").content.decode()
    assert "Zoekbaar" in body


def _fill_case(case, user, n_actions, n_interventions):
    Action.objects.bulk_create(
        [
            Action(
                case=case,
                description=f"Actie {i}",
                owner=user,
                due_on=timezone.localdate() + timedelta(days=i - 5),
                created_by=user,
            )
            for i in range(n_actions)
        ]
    )
    Intervention.objects.bulk_create(
        [
            Intervention(
                case=case,
                level="in_class",
                description=f"Interventie {i}",
                starts_on=timezone.localdate(),
                created_by=user,
            )
            for i in range(n_interventions)
        ]
    )


def test_case_page_query_count_does_not_grow_with_actions_and_interventions(world, client_for):
    ib = world.users["ib_a"]
    client = client_for(ib)
    small_case = CaseFactory(pupil=PupilFactory(school=world.school_a))
    big_case = CaseFactory(pupil=PupilFactory(school=world.school_a))
    _fill_case(small_case, ib, 3, 2)
    _fill_case(big_case, ib, 50, 20)
    small = _queries(client, detail_url(small_case))
    large = _queries(client, detail_url(big_case))
    assert large == small
    body = client.get(detail_url(big_case)).content.decode()
    assert body.count('data-testid="action-row"') == 50


def test_granted_external_sees_case_but_not_forms(world, client_for):
    grant_case(case=world.case_a, user=world.users["youth_nurse_a"])
    body = client_for(world.users["youth_nurse_a"]).get(detail_url(world.case_a)).content.decode()
    assert "Geheimnaam" in body
    assert reverse("cases:action_add", kwargs={"uuid": world.case_a.uuid}) not in body


def test_intervention_ending_before_it_starts_is_refused(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intervention_add", kwargs={"uuid": world.case_a.uuid}),
        {
            "intervention-level": "in_class",
            "intervention-description": "Rekenhulp",
            "intervention-starts_on": "2026-10-10",
            "intervention-ends_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "De einddatum kan niet voor de begindatum liggen" in response.content.decode()
    assert not world.case_a.interventions.filter(description="Rekenhulp").exists()


def test_bad_date_input_is_a_form_error_not_a_500(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:action_add", kwargs={"uuid": world.case_a.uuid}),
        {"action-description": "Iets", "action-owner": world.users["ib_a"].pk, "action-due_on": "31-31-2026"},
    )
    assert response.status_code == 200
    assert "geldige datum" in response.content.decode()


def test_every_case_status_has_its_badge_on_the_case_list(world, client_for):
    assert set(CASE_STATUS_BADGES) == set(CaseStatus)
    world.case_a.status = CaseStatus.ESCALATED
    world.case_a.save(update_fields=["status"])
    page = client_for(world.users["ib_a"]).get(reverse("cases:case_list")).content.decode()
    assert '<span class="badge text-bg-warning">' in page


def test_an_intervention_is_evaluated_today_through_the_pages_own_form(world, client_for):
    """The case page renders the evaluation form (no date typed into the page); the date is today."""
    Intervention.objects.filter(pk=world.intervention_a.pk).update(evaluation="", evaluated_on=None)
    client = client_for(world.users["ib_a"])
    page = client.get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid})).content.decode()
    field_id = f"ev-{world.intervention_a.uuid.hex}-evaluation"
    assert f'<label class="form-label small mb-0" for="{field_id}">' in page
    assert f'id="{field_id}"' in page and 'name="evaluated_on"' not in page
    url = reverse(
        "cases:intervention_evaluate",
        kwargs={"uuid": world.case_a.uuid, "intervention_uuid": world.intervention_a.uuid},
    )
    assert client.post(url, {"evaluation": "Helpt goed"}).status_code == 302
    world.intervention_a.refresh_from_db()
    assert world.intervention_a.evaluation == "Helpt goed"
    assert world.intervention_a.evaluated_on == timezone.localdate()


def test_the_finish_form_of_an_open_action_is_rendered_from_its_django_form(world, client_for):
    page = client_for(world.users["ib_a"]).get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid}))
    html = page.content.decode()
    prefix = f"res-{world.action_a.uuid.hex}"
    assert f'<input type="hidden" name="status" value="done" id="{prefix}-status">' in html
    assert (
        f'name="result" cols="40" rows="2" maxlength="2000" class="form-control form-control-sm mb-1" '
        f'id="{prefix}-result"' in html
    )
