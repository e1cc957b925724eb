"""No silent duplicates: at most one open case and one intake draft per pupil, enforced by the
database; a second attempt names the existing one (with a link) in Dutch and keeps what was typed;
a concurrent second submit gets the same message, never a 500."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from cases.casefile import services as casefile_services
from cases.casefile.models import OPEN_CASE_STATUSES, Case, CaseEvent, CaseOutcome, CaseStatus, CaseStatusChange
from cases.casefile.services import DuplicateOpenCase, case_change_status, case_open
from cases.casefile.workflow import OPEN_STATUSES
from cases.intake import services as intake_services
from cases.intake.models import Intake, IntakeStatus
from ot_portal.core.formats import date_prose
from tests.factories.cases import CaseFactory, EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil(world):
    """A pupil of teacher A's group with no case and no draft yet."""
    pupil = PupilFactory(school=world.school_a, first_name="Mila", last_name="Dubbel")
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    return pupil


def intake_post(pupil, **extra):
    return {
        "pupil": pupil.uuid,
        "reason": "Tweede poging, andere tekst",
        "help_question": "Wat heeft Mila nodig?",
        "concern_areas": ["learning"],
        **extra,
    }


def test_the_constraint_and_the_workflow_agree_on_what_is_open():
    assert set(OPEN_CASE_STATUSES) == set(OPEN_STATUSES)
    constraint = next(c for c in Case._meta.constraints if c.name == "one_open_case_per_pupil")
    assert set(dict(constraint.condition.children)["status__in"]) == set(OPEN_STATUSES)


def test_second_open_case_is_refused_by_the_service_and_names_the_first(world, pupil):
    first = case_open(actor=world.users["ib_a"], pupil=pupil)
    with pytest.raises(DuplicateOpenCase) as caught:
        case_open(actor=world.users["ib_a"], pupil=pupil)
    assert caught.value.existing == first
    assert "al een open casus" in caught.value.message_dict["pupil"][0]
    assert Case.objects.filter(pupil=pupil).count() == 1
    case_change_status(actor=world.users["ib_a"], case=first, to_status=CaseStatus.CLOSED, outcome="resolved")
    second = case_open(actor=world.users["ib_a"], pupil=pupil)  # a closed case does not count
    assert second.status == CaseStatus.REGISTERED


def test_the_database_refuses_a_second_open_case_and_a_second_draft(world, pupil):
    CaseFactory(pupil=pupil, status=CaseStatus.ACTIVE)
    CaseFactory(pupil=pupil, closed=True)  # closed ones may stack up
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(pupil=pupil, status=CaseStatus.REGISTERED)
    Intake.objects.create(pupil=pupil, school=pupil.school, created_by=world.users["teacher_a"])
    Intake.objects.create(
        pupil=pupil, school=pupil.school, created_by=world.users["teacher_a"], status=IntakeStatus.SUBMITTED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.create(pupil=pupil, school=pupil.school, created_by=world.users["ib_a"])


def test_reopening_while_another_case_is_open_is_refused_in_dutch(world, pupil, client_for):
    old = case_open(actor=world.users["ib_a"], pupil=pupil)
    case_change_status(actor=world.users["ib_a"], case=old, to_status=CaseStatus.CLOSED, outcome="resolved")
    new = case_open(actor=world.users["ib_a"], pupil=pupil)
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:case_status", kwargs={"uuid": old.uuid}),
        {"status-to_status": "active", "status-reason": "Toch verder"},
    )
    assert response.status_code == 200
    assert "al een open casus" in response.content.decode()
    assert "Toch verder" in response.content.decode()
    old.refresh_from_db()
    assert old.status == CaseStatus.CLOSED
    assert new.status == CaseStatus.REGISTERED


def test_a_second_draft_shows_the_first_with_a_link_and_keeps_the_text(world, pupil, client_for):
    first = intake_services.intake_save_draft(
        actor=world.users["teacher_a"], pupil=pupil, data={"reason": "Eerste concept"}
    )
    response = client_for(world.users["ib_a"]).post(reverse("cases:intake_new"), {**intake_post(pupil), "draft": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="duplicate"' in html
    assert "al een concept-aanmelding gestart" in html
    assert reverse("cases:intake_edit", kwargs={"uuid": first.uuid}) in html
    assert "Tweede poging, andere tekst" in html
    assert Intake.objects.filter(pupil=pupil).count() == 1


def test_a_new_intake_for_a_pupil_with_an_open_case_links_to_the_case(world, pupil, client_for):
    case = case_open(actor=world.users["ib_a"], pupil=pupil)
    response = client_for(world.users["ib_a"]).post(reverse("cases:intake_new"), {**intake_post(pupil), "submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "al een open casus" in html
    assert reverse("cases:case_detail", kwargs={"uuid": case.uuid}) in html
    assert "Tweede poging, andere tekst" in html
    assert not Intake.objects.filter(pupil=pupil).exists()
    assert Case.objects.filter(pupil=pupil).count() == 1


def test_submitting_a_draft_after_a_case_was_opened_keeps_the_draft(world, pupil, client_for):
    draft = intake_services.intake_save_draft(actor=world.users["teacher_a"], pupil=pupil, data={"reason": "Concept"})
    case = case_open(actor=world.users["ib_a"], pupil=pupil)
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intake_edit", kwargs={"uuid": draft.uuid}),
        {**intake_post(pupil), "version": draft.version, "submit": "1"},
    )
    assert response.status_code == 200
    assert reverse("cases:case_detail", kwargs={"uuid": case.uuid}) in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == IntakeStatus.DRAFT and draft.reason == "Concept"


def test_a_teacher_who_cannot_open_the_case_is_told_whom_to_ask(world, pupil, client_for):
    """The duplicate is named, but the link is only offered to who may open it."""
    case_open(actor=world.users["ib_a"], pupil=pupil)
    with mock.patch("cases.intake.views.casefile_selectors.case_list_for_user") as visible:
        visible.return_value = Case.objects.none()
        response = client_for(world.users["teacher_a"]).post(
            reverse("cases:intake_new"), {**intake_post(pupil), "draft": "1"}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "vraag het de intern begeleider" in html
    assert "Bestaande casus openen" not in html


def test_a_race_past_the_check_hits_the_constraint_and_gets_the_same_message(world, pupil, client_for):
    """Two submits that both passed the check: the second INSERT violates the constraint; the
    IntegrityError becomes the same Dutch message with the link, never a 500."""
    first = case_open(actor=world.users["ib_a"], pupil=pupil)
    real = casefile_services.open_case_of
    calls = []

    def check_passes_once(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)  # the check ran before the other commit

    with mock.patch.object(casefile_services, "open_case_of", side_effect=check_passes_once):
        with pytest.raises(DuplicateOpenCase) as caught:
            case_open(actor=world.users["ib_a"], pupil=pupil)
    assert caught.value.existing == first

    with mock.patch.object(casefile_services, "open_case_of", side_effect=lambda **kw: None):
        with mock.patch.object(
            casefile_services, "_save_open_case", side_effect=DuplicateOpenCase(first)
        ):  # what _save_open_case raises after the IntegrityError
            response = client_for(world.users["ib_a"]).post(
                reverse("cases:intake_new"), {**intake_post(pupil), "submit": "1"}
            )
    assert response.status_code == 200
    assert reverse("cases:case_detail", kwargs={"uuid": first.uuid}) in response.content.decode()


def test_intake_race_past_the_check_gets_the_draft_message(world, pupil):
    first = intake_services.intake_save_draft(actor=world.users["teacher_a"], pupil=pupil, data={"reason": "Eerste"})
    with mock.patch.object(intake_services, "_draft_of", side_effect=[None, first]):
        with pytest.raises(intake_services.DuplicateIntakeDraft) as caught:
            intake_services.intake_save_draft(actor=world.users["ib_a"], pupil=pupil, data={"reason": "Tweede"})
    assert caught.value.existing == first
    assert Intake.objects.filter(pupil=pupil).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_on_postgresql_open_one_case(org):
    """Real concurrency: two threads with their own connections open a case for one pupil at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers before the check")
    pupil = PupilFactory(school=org.school_a)
    ib = org.users["ib_a"]
    barrier = threading.Barrier(2)
    results = []
    real = casefile_services.open_case_of

    local = threading.local()

    def check_then_wait(**kwargs):
        found = real(**kwargs)
        if not getattr(local, "checked", False):  # the check before the insert, not the look-up after
            local.checked = True
            barrier.wait(timeout=10)  # both threads have checked before either inserts
        return found

    def submit():
        from django.db import connections

        try:
            results.append(case_open(actor=ib, pupil=pupil))
        except DuplicateOpenCase as exc:
            results.append(exc)
        finally:
            connections.close_all()

    # Patched once, around both threads (patching per thread would leak the patch).
    with mock.patch.object(casefile_services, "open_case_of", side_effect=check_then_wait):
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    cases = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, DuplicateOpenCase)]
    assert len(cases) == 1 and len(refused) == 1
    assert refused[0].existing == cases[0]
    assert Case.objects.filter(pupil=pupil).count() == 1


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_migration_closes_older_duplicates_and_supersedes_older_drafts(org):
    """Back to 0007 (no constraint), stack duplicates, migrate forward: the newest case stays open,
    the others are closed as duplicates with history and a timeline note; access never widens."""
    ib, teacher = org.users["ib_a"], org.users["teacher_a"]
    pupil = PupilFactory(school=org.school_a)
    single = PupilFactory(school=org.school_a)
    executor = MigrationExecutor(connection)
    executor.migrate([("cases", "0007_merge_consent_versions")])
    old_apps = executor.loader.project_state([("cases", "0007_merge_consent_versions")]).apps
    OldCase = old_apps.get_model("cases", "Case")
    OldChange = old_apps.get_model("cases", "CaseStatusChange")
    OldIntake = old_apps.get_model("cases", "Intake")
    today = timezone.localdate()
    older = OldCase.objects.create(
        pupil_id=pupil.pk, school_id=pupil.school_id, status="active", opened_on=today - timedelta(days=90)
    )
    OldChange.objects.create(case=older, from_status="", to_status="active", changed_by_id=ib.pk)
    oldest = OldCase.objects.create(
        pupil_id=pupil.pk, school_id=pupil.school_id, status="registered", opened_on=today - timedelta(days=200)
    )
    newest = OldCase.objects.create(
        pupil_id=pupil.pk, school_id=pupil.school_id, status="escalated", opened_on=today - timedelta(days=10)
    )
    closed = OldCase.objects.create(
        pupil_id=pupil.pk, school_id=pupil.school_id, status="closed", opened_on=today - timedelta(days=400)
    )
    alone = OldCase.objects.create(pupil_id=single.pk, school_id=single.school_id, status="active")
    draft_old = OldIntake.objects.create(pupil_id=pupil.pk, school_id=pupil.school_id, created_by_id=teacher.pk)
    draft_new = OldIntake.objects.create(pupil_id=pupil.pk, school_id=pupil.school_id, created_by_id=ib.pk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    by_pk = {c.pk: c for c in Case.objects.all()}
    assert by_pk[newest.pk].status == CaseStatus.ESCALATED
    for pk in (older.pk, oldest.pk):
        case = by_pk[pk]
        assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.DUPLICATE
        assert case.closed_on == today
        note = CaseEvent.objects.get(case=case)
        assert note.message == "closed_as_duplicate" and note.params == {"date": newest.opened_on.isoformat()}
        assert "dubbele casus" in note.text and date_prose(newest.opened_on) in note.text
    change = CaseStatusChange.objects.get(case_id=older.pk, to_status="closed")
    assert change.from_status == "active" and change.changed_by == ib
    assert by_pk[closed.pk].outcome == ""  # an already closed case is left alone
    assert by_pk[alone.pk].status == CaseStatus.ACTIVE
    assert Case.objects.filter(pupil=pupil, status__in=OPEN_STATUSES).count() == 1
    assert Intake.objects.get(pk=draft_new.pk).status == IntakeStatus.DRAFT
    assert Intake.objects.get(pk=draft_old.pk).status == IntakeStatus.SUPERSEDED
    with pytest.raises(ValidationError):  # and from now on the constraint holds
        case_open(actor=ib, pupil=pupil)


def test_a_superseded_draft_says_where_to_continue(world, pupil, client_for):
    old = Intake.objects.create(
        pupil=pupil, school=pupil.school, created_by=world.users["teacher_a"], status=IntakeStatus.SUPERSEDED
    )
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intake_edit", kwargs={"uuid": old.uuid}),
        {**intake_post(pupil), "version": old.version, "draft": "1"},
    )
    assert response.status_code == 200
    assert "vervangen door een nieuwer concept" in response.content.decode()
    old.refresh_from_db()
    assert old.status == IntakeStatus.SUPERSEDED
