"""Erasure after the retention period: the pupil and everything about them, also in higher apps."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from cases.models import Action, Attachment, Case, CaseEvent, Consent, Pupil
from tests.factories.cases import ActionFactory, CaseFactory, PupilFactory


def test_pupil_past_retention_is_erased_with_case_data_files_and_change_log(world, capsys):
    today = timezone.localdate()
    old = PupilFactory(school=world.school_a, first_name="Oud", left_on=today - timedelta(days=3 * 365))
    recent = PupilFactory(school=world.school_a, first_name="Recent", left_on=today - timedelta(days=300))
    case = CaseFactory(pupil=old)
    ActionFactory(case=case)
    attachment = Attachment(
        case=case, uploaded_by=world.users["ib_a"], original_name="rapport.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("rapport.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    stored = attachment.file.name
    assert LogEntry.objects.get_for_object(old).exists()

    call_command("purge_expired_pupils")
    assert Pupil.objects.filter(pk=old.pk).exists(), "without --commit nothing is erased"
    assert "1 leerlingen zijn over hun bewaartermijn" in capsys.readouterr().out

    call_command("purge_expired_pupils", "--commit")
    assert not Pupil.objects.filter(pk=old.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert (
        not Action.objects.filter(case_id=case.pk).exists() and not CaseEvent.objects.filter(case_id=case.pk).exists()
    )
    assert not attachment.file.storage.exists(stored)
    assert not LogEntry.objects.get_for_object(old).exists()
    assert Pupil.objects.filter(pk=recent.pk).exists()
    assert Pupil.objects.filter(pk=world.pupil_a.pk).exists()


def test_retention_follows_the_partnership_setting(world):
    settings = world.partnership.settings
    settings.retention_years = 5
    settings.save()
    left = PupilFactory(school=world.school_a, left_on=timezone.localdate() - timedelta(days=3 * 365))
    call_command("purge_expired_pupils", "--commit")
    assert Pupil.objects.filter(pk=left.pk).exists()


def test_erasure_reaches_rows_of_higher_apps_that_protect_the_case(world):
    """Agenda items and CLO requests PROTECT the case; erasure removes them first."""
    from tests.factories.cases import ConsentFactory

    pupil = world.pupil_a
    Consent.objects.filter(pupil=pupil).update(given_on=date(2020, 1, 1))
    pupil.left_on = timezone.localdate() - timedelta(days=4 * 365)
    pupil.date_of_birth = date(2010, 1, 1)
    pupil.save()
    ConsentFactory(pupil=pupil, recorded_by=world.users["ib_a"])
    from meetings.models import AgendaItem

    assert AgendaItem.objects.filter(case=world.case_a).exists()
    call_command("purge_expired_pupils", "--commit")
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
    assert not Case.objects.filter(pk=world.case_a.pk).exists()
    assert not AgendaItem.objects.filter(case_id=world.case_a.pk).exists()
    assert AgendaItem.objects.filter(pk=world.item_a_anon.pk).exists(), "other pupils' items stay"
