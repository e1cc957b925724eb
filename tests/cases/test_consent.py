"""Consent (toestemming) and the case-level grants it makes and removes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.casefile.selectors import case_list_for_user
from cases.casefile.services import case_change_status, case_open
from cases.consent.services import consent_missing_authority_holders, consent_record, consent_withdraw, sync_grants
from cases.models import CaseGrant, ConsentMethod
from tests.factories.cases import EnrolmentFactory, GuardianFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil(world):
    pupil = PupilFactory(school=world.school_a)
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    pupil.mother = GuardianFactory(pupil=pupil, name="Moeder Test", has_authority=True)
    pupil.father = GuardianFactory(pupil=pupil, name="Vader Test", has_authority=True)
    pupil.stepfather = GuardianFactory(pupil=pupil, name="Stiefvader Test", has_authority=False)
    pupil.case = case_open(actor=world.users["ib_a"], pupil=pupil)
    return pupil


def record(world, pupil, **kwargs):
    args = {
        "actor": world.users["ib_a"],
        "pupil": pupil,
        "guardians": [pupil.mother, pupil.father],
        "given_on": timezone.localdate() - timedelta(days=1),
        "method": ConsentMethod.VERBAL,
        "disciplines": ["social_team"],
    }
    args.update(kwargs)
    return consent_record(**args)


def sees(user, case) -> bool:
    return case_list_for_user(user=user).filter(pk=case.pk).exists()


def test_consent_grants_only_the_covered_disciplines_at_the_school(world, pupil):
    assert not sees(world.users["social_team_a"], pupil.case)
    record(world, pupil, disciplines=["social_team", "orthopedagogue"])
    assert sees(world.users["social_team_a"], pupil.case)
    assert sees(world.users["social_team_a_nogrant"], pupil.case)  # same discipline, same school
    assert sees(world.users["orthopedagogue_a"], pupil.case)
    assert not sees(world.users["youth_nurse_a"], pupil.case)
    assert not sees(world.users["care_provider_a"], pupil.case)
    assert not sees(world.users["ib_b"], pupil.case)


def test_guardian_without_parental_authority_cannot_consent(world, pupil):
    with pytest.raises(ValidationError) as exc:
        record(world, pupil, guardians=[pupil.stepfather])
    assert "gezag" in str(exc.value)
    assert not CaseGrant.objects.filter(content_object=pupil.case).exists()


def test_one_of_two_holders_is_recorded_and_the_other_is_flagged_missing(world, pupil):
    consent = record(world, pupil, guardians=[pupil.mother])
    assert consent_missing_authority_holders(consent) == [pupil.father]
    both = record(world, pupil)
    assert consent_missing_authority_holders(both) == []


def test_pupil_of_12_to_16_must_agree(world, pupil):
    today = timezone.localdate()
    pupil.date_of_birth = today.replace(year=today.year - 13) - timedelta(days=5)
    pupil.save()
    with pytest.raises(ValidationError) as exc:
        record(world, pupil)
    assert "pupil_answer" in exc.value.error_dict
    consent = record(world, pupil, pupil_agreed=True)
    assert consent.pupil_agreed is True
    assert consent.shared_with == ["social_team"]


def test_withdrawal_cannot_predate_consent_and_needs_a_reason(world, pupil):
    consent = record(world, pupil)
    with pytest.raises(ValidationError) as exc:
        consent_withdraw(
            actor=world.users["ib_a"], consent=consent, withdrawn_on=consent.given_on - timedelta(days=1), reason="x"
        )
    assert "withdrawn_on" in exc.value.error_dict
    with pytest.raises(ValidationError):
        consent_withdraw(actor=world.users["ib_a"], consent=consent, withdrawn_on=timezone.localdate(), reason=" ")
    assert sees(world.users["social_team_a"], pupil.case)


def test_expiry_ends_access_without_any_job_and_sync_revokes_the_rows(world, pupil):
    record(world, pupil, valid_until=timezone.localdate())
    grant = CaseGrant.objects.get(content_object=pupil.case, user=world.users["social_team_a"])
    assert grant.expires_at is not None
    later = timezone.now() + timedelta(days=2)
    assert not CaseGrant.objects.active(at=later).filter(pk=grant.pk).exists()
    sync_grants(pupil=pupil, on=timezone.localdate() + timedelta(days=2))
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_a_new_case_is_granted_under_consent_in_force(world, pupil):
    record(world, pupil)
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="closed", outcome="resolved")
    second = case_open(actor=world.users["ib_a"], pupil=pupil)
    assert sees(world.users["social_team_a"], second)


def test_an_ended_membership_loses_granted_access(world, pupil):
    record(world, pupil)
    membership = world.memberships["social_team_a"]
    membership.valid_until = timezone.localdate() - timedelta(days=1)
    membership.valid_from = membership.valid_until - timedelta(days=10)
    membership.save()
    assert not sees(world.users["social_team_a"], pupil.case)


def test_consent_and_withdrawal_over_http_change_access_at_once(world, pupil, client_for):
    ib = client_for(world.users["ib_a"])
    social = client_for(world.users["social_team_a"])
    case_url = reverse("cases:case_detail", kwargs={"uuid": pupil.case.uuid})
    assert social.get(case_url).status_code == 404

    response = ib.post(
        reverse("cases:consent_add", kwargs={"uuid": pupil.uuid}),
        {
            f"answer_{pupil.mother.pk}": "yes",
            f"answer_{pupil.father.pk}": "yes",
            "version": "0",
            "given_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "method": ConsentMethod.VERBAL,
            "discuss_in_ot": "on",
            "disciplines": ["social_team"],
        },
    )
    assert response.status_code == 302
    assert social.get(case_url).status_code == 200

    consent = pupil.consents.get()
    response = ib.post(
        reverse("cases:consent_withdraw", kwargs={"uuid": consent.uuid}),
        {
            "scope": "all",
            "version": consent.version,
            "withdrawn_on": timezone.localdate().isoformat(),
            "reason": "Ouders trekken toestemming in",
        },
    )
    assert response.status_code == 302
    assert social.get(case_url).status_code == 404


def test_consent_form_refuses_guardian_without_authority_in_dutch(world, pupil, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_add", kwargs={"uuid": pupil.uuid}),
        {
            f"answer_{pupil.stepfather.pk}": "yes",
            "version": "0",
            "given_on": timezone.localdate().isoformat(),
            "method": ConsentMethod.VERBAL,
            "disciplines": ["social_team"],
        },
    )
    assert response.status_code == 200
    assert "heeft geen ouderlijk gezag en kan geen toestemming geven" in response.content.decode()
    assert not pupil.consents.exists()


def test_withdrawal_before_given_date_shows_dutch_error(world, pupil, client_for):
    consent = record(world, pupil)
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_withdraw", kwargs={"uuid": consent.uuid}),
        {
            "scope": "all",
            "version": consent.version,
            "withdrawn_on": (consent.given_on - timedelta(days=3)).isoformat(),
            "reason": "Test",
        },
    )
    assert response.status_code == 200
    assert "niet worden ingetrokken voordat" in response.content.decode()
    assert "Test" in response.content.decode()  # what was typed stays
    consent.refresh_from_db()
    assert consent.withdrawn_on is None and consent.is_current


def test_consent_form_pdf_is_prefilled(world, pupil, client_for):
    response = client_for(world.users["ib_a"]).get(reverse("cases:consent_form_pdf", kwargs={"uuid": pupil.uuid}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_sync_command_revokes_grants_of_expired_consent(world, pupil):
    from django.core.management import call_command

    consent = record(world, pupil, given_on=timezone.localdate() - timedelta(days=5))
    consent.valid_until = timezone.localdate() - timedelta(days=1)
    consent.save()
    call_command("sync_case_grants", verbosity=0)
    assert not CaseGrant.objects.filter(content_object=pupil.case, revoked_at__isnull=True).exists()
    assert not sees(world.users["social_team_a"], pupil.case)


def test_signed_form_upload_is_checked_and_served_logged(world, pupil, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ot_portal.core.models import AccessLog

    client = client_for(world.users["ib_a"])
    data = {
        f"answer_{pupil.mother.pk}": "yes",
        f"answer_{pupil.father.pk}": "yes",
        "version": "0",
        "given_on": timezone.localdate().isoformat(),
        "method": ConsentMethod.SIGNED_FORM,
        "disciplines": ["social_team"],
    }
    url = reverse("cases:consent_add", kwargs={"uuid": pupil.uuid})
    response = client.post(url, {**data, "signed_form": SimpleUploadedFile("form.pdf", b"MZ fake")})
    assert response.status_code == 200
    assert not pupil.consents.exists()
    response = client.post(url, {**data, "signed_form": SimpleUploadedFile("form.pdf", b"%PDF-1.7 signed")})
    assert response.status_code == 302
    consent = pupil.consents.get()
    download = client.get(reverse("cases:consent_signed_form", kwargs={"uuid": consent.uuid}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(object_type="consent", action="download", user=world.users["ib_a"]).exists()


def test_valid_until_before_given_on_is_refused(world, pupil):
    with pytest.raises(ValidationError) as exc:
        record(world, pupil, valid_until=timezone.localdate() - timedelta(days=5))
    assert "valid_until" in exc.value.error_dict
