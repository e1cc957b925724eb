"""Right of access (AVG art. 15): the pupil key on every access-log row, list logging, the access
log page with refused attempts, access requests with their term, and the redacted answer."""

import importlib
import io
import uuid
import zipfile
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import models as m
from cases.casefile.services import case_note_add
from cases.disclosure import rules
from cases.disclosure.selectors import access_summary_for_guardian, disclosure_document
from cases.disclosure.services import (
    _attachments_zip,
    access_request_extend,
    access_request_produce,
    file_access_request,
)
from ot_portal.core import append_only, audit
from ot_portal.core.models import AccessLog
from tests.factories.cases import EnrolmentFactory, GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db


def _new_rows(before: int):
    return list(AccessLog.objects.filter(pk__gt=before).order_by("pk"))


def _last_pk() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- The pupil key on every kind of access -------------------------------------------------------

KINDS = [
    # (what, persona, url name, kwargs, expected status)
    ("pupil", "ib_a", "cases:pupil_detail", lambda w: {"uuid": w.pupil_a.uuid}, 200),
    ("case", "ib_a", "cases:case_detail", lambda w: {"uuid": w.case_a.uuid}, 200),
    ("case by grant", "orthopedagogue_a", "cases:case_detail", lambda w: {"uuid": w.case_a.uuid}, 200),
    ("consent", "ib_a", "cases:consent_signed_form", lambda w: {"uuid": w.consent_a.uuid}, 200),
    ("groeidocument", "teacher_a", "cases:growth_document", lambda w: {"uuid": w.pupil_a.uuid}, 200),
    ("groeidocument PDF", "ib_a", "cases:growth_document_pdf", lambda w: {"uuid": w.pupil_a.uuid}, 200),
    ("intake", "ib_a", "cases:intake_edit", lambda w: {"uuid": w.intake_a.uuid}, 200),
    ("attachment", "ib_a", "cases:attachment_download", lambda w: {"uuid": w.attachment_a.uuid}, 200),
    ("action", "ib_a", "cases:action_edit", lambda w: {"uuid": w.action_a.uuid}, 200),
    ("agenda item", "ib_a", "meetings:item_minutes", lambda w: {"uuid": w.item_a.uuid}, 200),
    ("CLO request", "ib_a", "clo:request_detail", lambda w: {"uuid": w.clo_request_a.uuid}, 200),
    ("access request", "ib_a", "cases:access_request_detail", lambda w: {"uuid": w.access_request_a.uuid}, 200),
    ("access log", "director_a", "cases:pupil_access_log", lambda w: {"uuid": w.pupil_a.uuid}, 200),
    # Refused: visible but not allowed (403), and not visible at all (404).
    ("refused 403", "teacher_a", "cases:pupil_access_log", lambda w: {"uuid": w.pupil_a.uuid}, 403),
    ("refused 403 action", "teacher_a", "cases:action_edit", lambda w: {"uuid": w.action_a.uuid}, 403),
    ("refused 404 case", "youth_nurse_a", "cases:case_detail", lambda w: {"uuid": w.case_a.uuid}, 404),
    ("refused 404 pupil", "ib_b", "cases:pupil_detail", lambda w: {"uuid": w.pupil_a.uuid}, 404),
    ("refused 404 CLO", "ib_b", "clo:request_detail", lambda w: {"uuid": w.clo_request_a.uuid}, 404),
]


@pytest.mark.parametrize(("what", "persona", "url_name", "kwargs", "status"), KINDS, ids=[k[0] for k in KINDS])
def test_every_kind_of_access_is_logged_against_the_pupil(world, client_for, what, persona, url_name, kwargs, status):
    before = _last_pk()
    response = client_for(world.users[persona]).get(reverse(url_name, kwargs=kwargs(world)))
    assert response.status_code == status
    about_pupil = [r for r in _new_rows(before) if r.pupil_key == world.pupil_a.uuid]
    assert about_pupil, f"no access-log row about the pupil for {what}"
    assert all(r.user_id == world.users[persona].pk for r in about_pupil)
    if status != 200:
        assert {r.outcome for r in about_pupil} & {"refused", "not_found"}
        # The refusal says nothing about the pupil to the requester.
        assert world.pupil_a.last_name not in response.content.decode()


def test_a_refused_unknown_uuid_has_no_pupil(world, client_for):
    before = _last_pk()
    client_for(world.users["ib_a"]).get(reverse("cases:case_detail", kwargs={"uuid": uuid.uuid4()}))
    rows = _new_rows(before)
    assert rows and all(r.pupil_key is None and r.outcome == "not_found" for r in rows)


def test_the_guardian_can_be_the_actor(world):
    audit.log_access(None, object_type="growth_document", obj=world.pupil_a, guardian_key=world.guardian_a.uuid)
    row = AccessLog.objects.latest("pk")
    assert (row.user_id, row.guardian_key, row.pupil_key, row.roles) == (
        None,
        world.guardian_a.uuid,
        world.pupil_a.uuid,
        "guardian",
    )


# --- List pages log the pupils they showed, in a constant number of queries -------------------------


def _pupil_list_queries(client) -> tuple[int, int]:
    before = _last_pk()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:pupil_list")).status_code == 200
    return len(ctx.captured_queries), len(_new_rows(before))


def test_list_pages_log_each_pupil_shown_in_constant_queries(world, client_for):
    client = client_for(world.users["ib_a"])
    client.get(reverse("cases:pupil_list"))  # warm caches (session, translations)
    few_queries, few_rows = _pupil_list_queries(client)
    for i in range(20):
        pupil = PupilFactory(school=world.school_a, first_name=f"Extra{i}", last_name="Lijst")
        EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    many_queries, many_rows = _pupil_list_queries(client)
    assert many_queries == few_queries
    assert many_rows == few_rows + 20
    keys = set(AccessLog.objects.filter(object_type="pupil", action="list").values_list("pupil_key", flat=True))
    assert world.pupil_a.uuid in keys


def test_the_worklist_logs_its_pupils(world, client_for):
    before = _last_pk()
    assert client_for(world.users["ib_a"]).get(reverse("dashboards:worklist")).status_code == 200
    assert world.pupil_a.uuid in {r.pupil_key for r in _new_rows(before)}


# --- The access-log page ----------------------------------------------------------------------------


def test_refused_attempts_appear_on_the_access_log_page(world, client_for):
    client_for(world.users["youth_nurse_a"]).get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid}))
    client_for(world.users["teacher_a"]).get(reverse("cases:pupil_access_log", kwargs={"uuid": world.pupil_a.uuid}))
    page = client_for(world.users["ib_a"]).get(
        reverse("cases:pupil_access_log", kwargs={"uuid": world.pupil_a.uuid}), {"outcome": "refused"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert world.users["youth_nurse_a"].full_name in html
    assert world.users["teacher_a"].full_name in html
    assert "niet gevonden" in html and "geweigerd" in html
    assert world.users["orthopedagogue_a"].full_name not in html  # allowed views are filtered out


def test_access_log_filters_and_csv(world, client_for):
    ortho = world.users["orthopedagogue_a"]
    client_for(ortho).get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid}))
    client = client_for(world.users["director_a"])
    url = reverse("cases:pupil_access_log", kwargs={"uuid": world.pupil_a.uuid})
    html = client.get(url, {"person": ortho.pk}).content.decode()
    assert ortho.full_name in html and "Orthopedagoog" in html
    assert world.users["ib_a"].full_name not in html.split("<tbody>")[1]
    response = client.get(url, {"format": "csv", "person": ortho.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert ortho.full_name in response.content.decode("utf-8-sig")
    bad = client.get(url, {"since": "2026-13-45", "until": "x"})
    assert bad.status_code == 200  # a Dutch form message, not a 500
    # The page's own viewing and the export are logged against the pupil.
    assert AccessLog.objects.filter(object_type="access_log", pupil_key=world.pupil_a.uuid, action="export").exists()


def test_access_log_is_paginated(world, client_for):
    for _ in range(60):
        audit.log_access(None, object_type="pupil", obj=world.pupil_a, user=world.users["ib_a"])
    html = (
        client_for(world.users["ib_a"])
        .get(reverse("cases:pupil_access_log", kwargs={"uuid": world.pupil_a.uuid}))
        .content.decode()
    )
    assert "Pagina 1 van 2" in html


def test_summary_for_parents_has_roles_and_days_but_no_names(world, client_for):
    client_for(world.users["orthopedagogue_a"]).get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid}))
    client_for(world.users["youth_nurse_a"]).get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid}))
    summary = access_summary_for_guardian(world.pupil_a)
    roles = {row["role"] for row in summary}
    assert "Orthopedagoog" in roles
    assert all(row["day"] == timezone.localdate() for row in summary)
    text = repr(summary)
    assert world.users["orthopedagogue_a"].full_name not in text
    assert "Jeugdverpleegkundige" not in text  # refused attempts are not openings


# --- Access requests -------------------------------------------------------------------------------


def test_term_is_one_month_and_extends_once_by_at_most_two_with_a_reason(world):
    received = timezone.localdate() - timedelta(days=3)
    r = file_access_request(world.pupil_a, guardian=world.guardian_a, via="email", received_on=received)
    assert r.due_on == rules.add_months(received, 1)
    ib = world.users["ib_a"]
    with pytest.raises(ValidationError):
        access_request_extend(actor=ib, access_request=r, months=2, reason="  ")
    with pytest.raises(ValidationError):
        access_request_extend(actor=ib, access_request=r, months=3, reason="Veel stukken")
    r = access_request_extend(actor=ib, access_request=r, months=2, reason="Veel stukken van vier jaar")
    assert r.extended_until == rules.add_months(r.due_on, 2) and r.term_ends_on == r.extended_until
    with pytest.raises(ValidationError):
        access_request_extend(actor=ib, access_request=r, months=1, reason="Nog meer")


def test_extension_reason_shows_on_the_request_page(world, client_for):
    client = client_for(world.users["ib_a"])
    url = reverse("cases:access_request_extend", kwargs={"uuid": world.access_request_a.uuid})
    assert client.post(url, {"months": "1", "reason": ""}).status_code == 200  # form error, nothing saved
    world.access_request_a.refresh_from_db()
    assert world.access_request_a.extended_until is None
    assert client.post(url, {"months": "1", "reason": "Dossier van zes jaar"}).status_code == 302
    html = client.get(reverse("cases:access_request_detail", kwargs={"uuid": world.access_request_a.uuid})).content
    assert "Dossier van zes jaar" in html.decode()


def test_month_arithmetic():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)


def test_who_may_ask(world):
    with pytest.raises(ValidationError):
        file_access_request(world.pupil_a, pupil_self=True)  # the pupil is under 16
    other = GuardianFactory(pupil=world.pupil_b)
    with pytest.raises(ValidationError):
        file_access_request(world.pupil_a, guardian=other)
    no_authority = GuardianFactory(pupil=world.pupil_a, has_authority=False)
    with pytest.raises(ValidationError):
        file_access_request(world.pupil_a, guardian=no_authority)
    older = PupilFactory(school=world.school_a, date_of_birth=date.today().replace(year=date.today().year - 17))
    assert file_access_request(older, pupil_self=True).by_pupil


def test_the_worklist_shows_the_request_with_its_due_date(world, client_for):
    html = client_for(world.users["ib_a"]).get(reverse("dashboards:worklist")).content.decode()
    assert reverse("cases:access_request_detail", kwargs={"uuid": world.access_request_a.uuid}) in html
    due = world.access_request_a.due_on
    assert f"{due.day} " in html and str(due.year) in html
    assert "Inzageverzoeken om te beantwoorden" in html


# --- The answer: redacted, without personal working notes ------------------------------------------


@pytest.fixture
def dossier(world):
    """Pupil A's file with a note that names another pupil and the other parent's contact details,
    and a personal working note."""
    w = world
    neighbour = PupilFactory(school=w.school_a, first_name="Noortje", last_name="Buurmeisje")
    EnrolmentFactory(pupil=neighbour, school_year=w.school_year, group=w.group_a)
    w.father = GuardianFactory(
        pupil=w.pupil_a, name="Vader Geheimnaam", relation="vader", email="vader.prive@example.nl", phone="06-98765432"
    )
    ib = w.users["ib_a"]
    today = timezone.localdate()
    case_note_add(
        actor=ib,
        case=w.case_a,
        kind="parent_contact",
        occurred_on=today,
        text="Ruzie met Noortje Buurmeisje op het plein; Noortje huilde. Vader bereikbaar op 0698765432 of "
        "vader.prive@example.nl. Afspraak: gesprek in de klas.",
    )
    case_note_add(
        actor=ib, case=w.case_a, kind="other", occurred_on=today, text="WERKNOTITIE-ALLEEN-IK", author_only=True
    )
    return w


def test_the_answer_document_redacts_third_parties(dossier, django_assert_max_num_queries):
    w = dossier
    with django_assert_max_num_queries(40):
        context = disclosure_document(access_request=w.access_request_a)
    cells = " ".join(cell for s in context["sections"] for b in s.blocks for cell in b.cells())
    assert "Afspraak: gesprek in de klas" in cells  # the team's note is there
    assert "Noortje" not in cells and "Buurmeisje" not in cells
    assert "vader.prive@example.nl" not in cells and "0698765432" not in cells and "06-98765432" not in cells
    assert "WERKNOTITIE-ALLEEN-IK" not in cells
    assert w.guardian_a.email in cells  # the requester's own details stay
    assert "[naam andere leerling]" in cells and "[afgeschermd]" in cells


def test_the_answer_pdf_and_zip(dossier, client_for):
    w = dossier
    produced = access_request_produce(actor=w.users["ib_a"], access_request=w.access_request_a)
    assert produced.status == m.AccessRequestStatus.ANSWERED
    client = client_for(w.users["ib_a"])
    pdf = b"".join(client.get(reverse("cases:access_request_pdf", kwargs={"uuid": produced.uuid})).streaming_content)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Afspraak: gesprek in de klas" in flat
    assert w.pupil_a.first_name in flat
    for secret in ("Noortje", "Buurmeisje", "vader.prive", "98765432", "WERKNOTITIE"):
        assert secret not in flat.replace(" ", "") and secret not in flat, secret
    raw = client.get(reverse("cases:access_request_zip", kwargs={"uuid": produced.uuid}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(raw.streaming_content)))
    assert any(name.endswith("verslag.pdf") for name in archive.namelist())
    assert any(name.startswith("toestemming-versie-") for name in archive.namelist())  # the signed form
    assert AccessLog.objects.filter(
        object_type="access_request", action="export", pupil_key=w.pupil_a.uuid, user=w.users["ib_a"]
    ).exists()


def test_personal_working_notes_are_for_their_author_only(dossier, client_for):
    url = reverse("cases:case_detail", kwargs={"uuid": dossier.case_a.uuid})
    assert "WERKNOTITIE-ALLEEN-IK" in client_for(dossier.users["ib_a"]).get(url).content.decode()
    assert "WERKNOTITIE-ALLEEN-IK" not in client_for(dossier.users["director_a"]).get(url).content.decode()


# --- Backfill of rows written before the pupil key ---------------------------------------------------


def test_backfill_sets_the_pupil_where_the_object_names_it(world):
    rows = [
        AccessLog.objects.create(object_type="case", object_id=str(world.case_a.uuid), action="view"),
        AccessLog.objects.create(object_type="action", object_id=str(world.action_a.uuid), action="view"),
        AccessLog.objects.create(object_type="case", object_id="not-a-uuid", action="view"),
    ]
    migration = importlib.import_module("cases.migrations.0011_backfill_accesslog_pupil_key")
    with append_only.exempt([AccessLog]):  # in production the backfill runs before the triggers exist
        migration._backfill(apps, migration.SOURCES)
    keys = [AccessLog.objects.get(pk=r.pk).pupil_key for r in rows]
    assert keys == [world.pupil_a.uuid, world.pupil_a.uuid, None]


def test_attachment_files_in_zip_are_read_from_storage(world):
    extra = m.Attachment(
        case=world.case_a,
        original_name="../../etc/passwd",
        content_type="text/plain",
        size=4,
        uploaded_by=world.users["ib_a"],
    )
    extra.file.save("x.txt", ContentFile(b"data"), save=False)
    extra.save()
    names = zipfile.ZipFile(io.BytesIO(_attachments_zip(world.access_request_a))).namelist()
    assert all("/" not in n for n in names)
