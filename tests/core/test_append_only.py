"""ADR 0002 append-only for real: on PostgreSQL the database refuses UPDATE and DELETE on the
access log, the case timeline and the status histories; the retention purge is the one exemption;
users are deactivated, never deleted."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.deletion import ProtectedError
from django.db.utils import InternalError, ProgrammingError
from django.utils import timezone

from cases.models import CaseEvent, CaseLeadChange, CaseStatusChange, GrowthDocumentChange
from clo.models import RequestStatusChange
from meetings.models import MeetingStatusChange
from ot_portal.core import append_only
from ot_portal.core.models import AccessLog, User
from ot_portal.core.retention import purge_access_log
from tests.factories.clo import make_request

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers exist on PostgreSQL only")
# A trigger's RAISE EXCEPTION (SQLSTATE P0001) arrives as ProgrammingError with psycopg 3.
REFUSED = (InternalError, ProgrammingError)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the demo database")

PROTECTED = [AccessLog, CaseEvent, CaseStatusChange, CaseLeadChange, GrowthDocumentChange, MeetingStatusChange,
             RequestStatusChange]  # fmt: skip


def one_row_of_each(world) -> dict:
    ib = world.users["ib_a"]
    return {
        AccessLog: AccessLog.objects.create(object_type="case", object_id=str(world.case_a.uuid), action="view"),
        CaseEvent: CaseEvent.objects.create(case=world.case_a, kind="note", message="document_added"),
        CaseStatusChange: CaseStatusChange.objects.create(case=world.case_a, to_status="active", changed_by=ib),
        CaseLeadChange: CaseLeadChange.objects.create(case=world.case_a, to_lead=ib, changed_by=ib),
        GrowthDocumentChange: GrowthDocumentChange.objects.create(
            document=world.growth_a, version=1, field="educational_needs", changed_by=ib
        ),
        MeetingStatusChange: MeetingStatusChange.objects.create(
            meeting=world.meeting_a, from_status="draft", to_status="draft", changed_by=ib
        ),
        RequestStatusChange: RequestStatusChange.objects.create(
            request=world.clo_request_a, to_status="submitted", changed_by=ib
        ),
    }


def test_every_history_carries_the_trigger():
    assert append_only.append_only_uris() == sorted(f"{m._meta.label}:append_only" for m in PROTECTED)


@on_postgresql
@pytest.mark.parametrize("model", PROTECTED, ids=lambda m: m.__name__)
def test_postgresql_refuses_queryset_update_and_delete(world, model):
    row = one_row_of_each(world)[model]
    column = next(f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "DateTimeField")
    with pytest.raises(REFUSED, match="Cannot update or delete"):
        with transaction.atomic():
            model.objects.filter(pk=row.pk).update(**{column: timezone.now() - timedelta(days=1)})
    with pytest.raises(REFUSED, match="Cannot update or delete"):
        with transaction.atomic():
            model.objects.filter(pk=row.pk).delete()
    with pytest.raises(REFUSED, match="Cannot update or delete"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 (table name from the model)
    assert model.objects.filter(pk=row.pk).exists()


@on_postgresql
def test_exemption_is_scoped_to_the_models_named(world):
    rows = one_row_of_each(world)
    with append_only.exempt([AccessLog]):
        AccessLog.objects.filter(pk=rows[AccessLog].pk).delete()
        with pytest.raises(REFUSED), transaction.atomic():
            CaseEvent.objects.filter(pk=rows[CaseEvent].pk).delete()
    assert not AccessLog.objects.filter(pk=rows[AccessLog].pk).exists()
    AccessLog.objects.create(object_type="case", action="view")
    with pytest.raises(REFUSED), transaction.atomic():
        AccessLog.objects.all().delete()  # the exemption ended with the block


@on_sqlite
def test_the_sqlite_demo_has_no_triggers(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert cursor.fetchone() == (0,)


def test_purge_erases_a_pupil_with_timeline_and_histories(world):
    """On PostgreSQL this runs against the triggers: only the exemption lets the erasure through."""
    rows = one_row_of_each(world)
    other = CaseEvent.objects.create(case=world.case_b, kind="note", message="document_added")
    pupil = world.pupil_a
    pupil.left_on = timezone.localdate() - timedelta(days=4 * 365)
    pupil.save()
    call_command("purge_expired_pupils", "--commit")
    for model in (CaseEvent, CaseStatusChange, CaseLeadChange, GrowthDocumentChange, RequestStatusChange):
        assert not model.objects.filter(pk=rows[model].pk).exists(), model
    assert not CaseEvent.objects.filter(case_id=world.case_a.pk).exists()
    assert MeetingStatusChange.objects.filter(pk=rows[MeetingStatusChange].pk).exists(), "the meeting stays"
    assert AccessLog.objects.filter(pk=rows[AccessLog].pk).exists(), "the log keeps only UUIDs and stays"
    assert CaseEvent.objects.filter(pk=other.pk).exists(), "other pupils' timelines stay"


def test_access_log_has_its_own_retention_term(world, capsys):
    settings = world.partnership.settings
    settings.access_log_retention_years = 3
    settings.save()
    now = timezone.now()
    old = AccessLog.objects.create(object_type="case", action="view", at=now - timedelta(days=3 * 365 + 2))
    kept = AccessLog.objects.create(object_type="case", action="view", at=now - timedelta(days=3 * 365 - 2))
    call_command("purge_expired_pupils")
    assert "1 regels uit het toegangslogboek" in capsys.readouterr().out
    assert AccessLog.objects.filter(pk=old.pk).exists(), "without --commit nothing goes"
    call_command("purge_expired_pupils", "--commit")
    assert "1 regels uit het toegangslogboek verwijderd" in capsys.readouterr().out
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=kept.pk).exists()
    settings.access_log_retention_years = 2
    settings.save()
    assert purge_access_log() == 1
    assert not AccessLog.objects.filter(pk=kept.pk).exists()


def test_retention_term_is_edited_with_the_partnership_settings_and_audited(world, client_for):
    client = client_for(world.users["functional_admin"])
    page = client.get(f"/beheer/core/partnership/{world.partnership.pk}/change/")
    assert page.status_code == 200
    assert 'name="settings-0-access_log_retention_years"' in page.text
    settings = world.partnership.settings
    settings.access_log_retention_years = 7
    settings.save()
    entry = LogEntry.objects.get_for_object(settings).latest("timestamp")
    assert "access_log_retention_years" in entry.changes_dict


def test_users_are_deactivated_not_deleted(world, client_for):
    admin_user = world.users["functional_admin"]
    leaver = world.users["teacher_a"]
    AccessLog.objects.create(user=leaver, object_type="case", action="view")
    client = client_for(admin_user)
    user_admin = admin.site._registry[User]
    assert "delete_selected" not in user_admin.get_actions(client.get("/beheer/core/user/").wsgi_request)
    assert client.get(f"/beheer/core/user/{leaver.pk}/delete/").status_code == 403
    change = client.get(f"/beheer/core/user/{leaver.pk}/change/")
    assert f"/beheer/core/user/{leaver.pk}/delete/" not in change.text
    response = client.post("/beheer/core/user/", {"action": "deactivate", "_selected_action": [leaver.pk]}, follow=True)
    assert response.status_code == 200 and "1 gebruikers gedeactiveerd" in response.text
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert AccessLog.objects.filter(user=leaver).exists(), "the log still names who it was"
    assert LogEntry.objects.get_for_object(leaver).filter(changes__icontains="is_active").exists()
    with pytest.raises(ProtectedError):
        with transaction.atomic():
            leaver.delete()  # even in code: the access log and histories PROTECT the user


def test_a_raw_orm_update_is_refused_where_the_model_is_saved(world):
    """The ORM guard (all databases) stays in front of the trigger."""
    from django.core.exceptions import ValidationError

    change = make_request(world).status_changes.first()
    with pytest.raises(ValidationError):
        change.save()
