"""Parents take part without an account: link plus code, a session scoped to one guardian and
one pupil, their own consent answers through the consent service, withdrawal at once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases import models as m
from cases.consent import rules
from cases.consent.services import consent_change
from cases.disclosure.rules import due_on as rules_due_on
from cases.participation import services, tokens
from cases.participation.models import MAX_WRONG_CODES, EndReason, Invitation, MailStatus
from cases.pupils.services import guardian_save, pupil_mark_left
from ot_portal.core import formats
from ot_portal.core.models import AccessLog, Role
from tests.factories import core as f
from tests.factories.cases import CaseFactory, EnrolmentFactory, GuardianFactory, PupilFactory
from tests.factories.participation import invite, participant_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(org):
    """A pupil of school A with two guardians holding authority, a third without, an open case."""
    pupil = PupilFactory(school=org.school_a, first_name="Noor", last_name="Vertrouwelijk")
    EnrolmentFactory(pupil=pupil, school_year=org.school_year, group=org.group_a)
    mother = GuardianFactory(pupil=pupil, name="Anouk Vertrouwelijk", email="anouk@example.nl")
    father = GuardianFactory(pupil=pupil, name="Mark Vertrouwelijk", email="mark@example.nl")
    other = GuardianFactory(pupil=pupil, name="Stiefouder", email="stief@example.nl", has_authority=False)
    case = CaseFactory(pupil=pupil)
    return type("Family", (), {"pupil": pupil, "mother": mother, "father": father, "other": other, "case": case})


def _code(invitation, ib):
    return services.invitation_issue_code(actor=ib, invitation=invitation)


def test_token_and_code_are_stored_only_as_keyed_hashes(org, family, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    code = _code(invitation, org.users["ib_a"])
    invitation.refresh_from_db()
    stored = " ".join(str(v) for v in Invitation.objects.filter(pk=invitation.pk).values().first().values())
    assert token not in stored and code not in stored
    assert invitation.token_hash == tokens.token_hash(token)
    assert tokens.code_matches(invitation_uuid=invitation.uuid, code=code, stored_hash=invitation.code_hash)
    # The mail holds the link; its subject never names the pupil.
    (message,) = mail.outbox
    assert token in message.body
    assert "Noor" not in message.subject and "Vertrouwelijk" not in message.subject
    assert "Noor" not in message.body
    assert invitation.mails.get().status == MailStatus.SENT


def test_a_guardian_without_authority_is_never_invited(org, family):
    with pytest.raises(Exception, match="gezag|authority"):
        invite(pupil=family.pupil, guardian=family.other, actor=org.users["ib_a"])
    assert not Invitation.objects.exists()


def test_one_live_invitation_per_guardian(org, family):
    first, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    second, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    first.refresh_from_db()
    assert first.end_reason == EndReason.REPLACED and second.is_live


def test_link_opens_a_page_with_nothing_of_the_child_and_drops_the_token(client, org, family):
    invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    response = client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    assert response.status_code == 302 and response["Location"] == reverse("parents:sign_in")
    page = client.get(response["Location"]).content.decode()
    assert "Noor" not in page and "Vertrouwelijk" not in page
    assert token not in page
    assert "a•" in page  # the masked address


def test_code_signs_in_with_a_new_session_key_and_csrf_token(client, org, family):
    invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    before_key = client.session.session_key
    client.get(reverse("parents:sign_in"))
    before_csrf = client.cookies["csrftoken"].value
    code = _code(invitation, org.users["ib_a"])
    response = client.post(reverse("parents:sign_in"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("parents:home", kwargs={"uuid": family.pupil.uuid})
    assert client.session.session_key != before_key
    assert client.cookies["csrftoken"].value != before_csrf
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Anouk" in page.content.decode()
    # The code works once.
    client.post(reverse("parents:sign_out"))
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    again = client.post(reverse("parents:sign_in"), {"code": code})
    assert again.status_code == 400


def test_link_expires_after_14_days_and_code_after_15_minutes(client, org, family):
    invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    code = _code(invitation, org.users["ib_a"])
    Invitation.objects.filter(pk=invitation.pk).update(code_expires_at=timezone.now() - timedelta(seconds=1))
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    response = client.post(reverse("parents:sign_in"), {"code": code})
    assert response.status_code == 400 and "15 minuten" in response.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("parents:invitation_open", kwargs={"token": token}), follow=True)
    assert "werkt niet" in response.content.decode()
    assert "ouders/aanmelden/code" not in response.content.decode()  # no button to ask for a code


def test_five_wrong_codes_across_resends_lock_the_invitation(client, org, family):
    invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    for attempt in range(MAX_WRONG_CODES):
        code = _code(invitation, org.users["ib_a"])  # a new code each time: wrong tries keep counting
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        response = client.post(reverse("parents:sign_in"), {"code": wrong})
        assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.end_reason == EndReason.LOCKED
    # Even the right code of a locked invitation does not work, and a new code cannot be made.
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    assert client.post(reverse("parents:sign_in"), {"code": code}).status_code == 302  # no pending invitation
    with pytest.raises(Exception):
        _code(invitation, org.users["ib_a"])


def test_a_code_of_another_invitation_does_not_match(client, org, family):
    mine, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    other, _ = invite(pupil=family.pupil, guardian=family.father, actor=org.users["ib_a"])
    _code(mine, org.users["ib_a"])
    other_code = _code(other, org.users["ib_a"])
    client.get(reverse("parents:invitation_open", kwargs={"token": token}))
    assert client.post(reverse("parents:sign_in"), {"code": other_code}).status_code == 400


def test_code_attempts_are_throttled_per_client_address(client, org, family, settings):
    settings.OT_PARTICIPANT_CODE_ATTEMPTS_PER_IP = 3
    for _ in range(3):
        client.post(reverse("parents:sign_in"), {"code": "000000"})
    assert client.post(reverse("parents:sign_in"), {"code": "000000"}).status_code == 429


def test_revoked_invitation_ends_the_session_at_once(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = participant_client(invitation)
    home = reverse("parents:home", kwargs={"uuid": family.pupil.uuid})
    assert browser.get(home).status_code == 200
    services.invitation_revoke(actor=org.users["ib_a"], invitation=invitation)
    assert browser.get(home).status_code == 403


def test_loss_of_authority_ends_the_invitation(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = participant_client(invitation)
    guardian_save(actor=org.users["ib_a"], pupil=family.pupil, guardian=family.mother, data={"has_authority": False})
    invitation.refresh_from_db()
    assert invitation.end_reason == EndReason.AUTHORITY_LOST
    assert browser.get(reverse("parents:home", kwargs={"uuid": family.pupil.uuid})).status_code == 403


def test_changed_email_ends_the_invitation_and_tells_the_old_address(org, family, django_capture_on_commit_callbacks):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        guardian_save(
            actor=org.users["ib_a"], pupil=family.pupil, guardian=family.mother, data={"email": "nieuw@example.nl"}
        )
    invitation.refresh_from_db()
    assert invitation.end_reason == EndReason.EMAIL_CHANGED
    (notice,) = mail.outbox
    assert notice.to == ["anouk@example.nl"] and "Noor" not in notice.subject


def test_an_email_changed_outside_the_service_ends_the_invitation_on_use(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = participant_client(invitation)
    m.Guardian.objects.filter(pk=family.mother.pk).update(email="ander@example.nl")
    assert browser.get(reverse("parents:home", kwargs={"uuid": family.pupil.uuid})).status_code == 403
    invitation.refresh_from_db()
    assert invitation.end_reason == EndReason.EMAIL_CHANGED


def test_a_pupil_who_leaves_ends_every_invitation(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    pupil_mark_left(actor=org.users["ib_a"], pupil=family.pupil, left_on=timezone.localdate())
    invitation.refresh_from_db()
    assert invitation.end_reason == EndReason.PUPIL_LEFT


def test_guardian_session_reaches_only_its_own_pupil(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    other_pupil = PupilFactory(school=org.school_a)
    browser = participant_client(invitation)
    assert browser.get(reverse("parents:consent", kwargs={"uuid": other_pupil.uuid})).status_code == 404
    # Staff pages see an anonymous visitor.
    staff = browser.get(reverse("cases:pupil_detail", kwargs={"uuid": family.pupil.uuid}))
    assert staff.status_code == 302 and "/accounts/login/" in staff["Location"]


def test_staff_session_cannot_open_parent_pages(org, family, client_for):
    staff = client_for(org.users["ib_a"])
    assert staff.get(reverse("parents:home", kwargs={"uuid": family.pupil.uuid})).status_code == 404


def test_signing_in_with_a_code_signs_a_staff_user_out_first(org, family, client_for):
    invitation, token = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = client_for(org.users["ib_a"])
    browser.get(reverse("parents:invitation_open", kwargs={"token": token}))
    page = browser.get(reverse("parents:sign_in")).content.decode()
    assert 'data-testid="staff-warning"' in page
    code = _code(invitation, org.users["ib_a"])
    response = browser.post(reverse("parents:sign_in"), {"code": code}, follow=True)
    assert "afgemeld" in response.content.decode()
    assert browser.get(reverse("cases:pupil_list")).status_code == 302  # the staff session is gone


def test_idle_session_times_out(org, family, settings):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = participant_client(invitation)
    s = browser.session
    data = s["ot_participant"]
    data["seen"] -= settings.SESSION_COOKIE_AGE + 1
    s["ot_participant"] = data
    s.save()
    assert browser.get(reverse("parents:home", kwargs={"uuid": family.pupil.uuid})).status_code == 403


def test_each_parent_answers_for_themself_and_withdrawal_takes_effect_at_once(
    org, family, django_capture_on_commit_callbacks
):
    social = f.UserFactory(email="kim@example.nl", full_name="Kim Sociaal")
    f.MembershipFactory(user=social, school=org.school_a, role=Role.SOCIAL_TEAM)
    asked = [rules.NAMED, Role.SOCIAL_TEAM]
    mother, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"], asked=asked)
    father, _ = invite(pupil=family.pupil, guardian=family.father, actor=org.users["ib_a"], asked=asked)
    uuid = family.pupil.uuid
    consent_url = reverse("parents:consent", kwargs={"uuid": uuid})
    mum = participant_client(mother)
    page = mum.get(consent_url).content.decode()
    assert "Kim Sociaal" in page  # who would receive the data
    mum.post(consent_url, {f"item_{rules.NAMED}": rules.YES, f"item_{Role.SOCIAL_TEAM}": rules.YES})
    current = m.Consent.objects.current().get(pupil=family.pupil)
    assert current.method == m.ConsentMethod.DIGITAL
    assert current.item_status[Role.SOCIAL_TEAM] == rules.WAITING_SECOND_PARENT
    assert not m.CaseGrant.objects.active().filter(user=social).exists()
    answer = current.participant_answers.get()
    assert answer.guardian == family.mother and answer.text_version.startswith("2026-12-nl-")

    dad = participant_client(father)
    dad.post(consent_url, {f"item_{rules.NAMED}": rules.YES, f"item_{Role.SOCIAL_TEAM}": rules.YES})
    assert m.CaseGrant.objects.active().filter(user=social, content_object=family.case).exists()
    # The father's answers did not overwrite the mother's: both are on the version.
    current = m.Consent.objects.current().get(pupil=family.pupil)
    assert {a.guardian_id for a in current.answers.all()} == {family.mother.pk, family.father.pk}

    withdraw = reverse("parents:consent_withdraw", kwargs={"uuid": uuid, "item": Role.SOCIAL_TEAM})
    confirm = mum.get(withdraw).content.decode()
    assert "Kim Sociaal" in confirm
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = mum.post(withdraw, follow=True)
    assert "Kim Sociaal" in response.content.decode()
    assert not m.CaseGrant.objects.active().filter(user=social).exists()
    assert m.Consent.objects.current().get(pupil=family.pupil).named_in_force  # the other item stays
    (notice,) = mail.outbox
    assert org.users["ib_a"].email in notice.bcc and "Noor" not in notice.subject + notice.body


def test_unknown_items_and_answers_change_nothing(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"], asked=[rules.NAMED])
    browser = participant_client(invitation)
    url = reverse("parents:consent", kwargs={"uuid": family.pupil.uuid})
    response = browser.post(url, {f"item_{Role.SOCIAL_TEAM}": rules.YES, f"item_{rules.NAMED}": "maybe"})
    assert response.status_code == 200
    assert not m.Consent.objects.exists()
    assert (
        browser.get(
            reverse("parents:consent_withdraw", kwargs={"uuid": family.pupil.uuid, "item": "social_team"})
        ).status_code
        == 404
    )


def test_token_paths_never_reach_the_logs():
    import logging

    from cases.participation.logfilter import RedactInvitationTokens

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/ouders/uitnodiging/abcDEF123/",), None
    )
    RedactInvitationTokens().filter(record)
    assert "abcDEF123" not in record.getMessage()


def test_consent_page_shows_the_current_state_after_a_staff_change(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"], asked=[rules.NAMED])
    consent_change(
        actor=org.users["ib_a"], pupil=family.pupil, discuss_in_ot=True, guardian_answers={family.mother: rules.YES}
    )
    page = participant_client(invitation).get(reverse("parents:consent", kwargs={"uuid": family.pupil.uuid}))
    assert re.search(r"withdraw-named", page.content.decode())


def test_a_pupil_from_12_gives_own_consent_and_writes_my_view_and_nothing_else(org, family):
    today = timezone.localdate()
    family.pupil.date_of_birth = today.replace(year=today.year - 13) - timedelta(days=1)
    family.pupil.save()
    invitation, _ = invite(pupil=family.pupil, actor=org.users["ib_a"], asked=[rules.NAMED], email="noor@example.nl")
    browser = participant_client(invitation)
    uuid = family.pupil.uuid
    browser.post(reverse("parents:consent", kwargs={"uuid": uuid}), {f"item_{rules.NAMED}": rules.YES})
    current = m.Consent.objects.current().get(pupil=family.pupil)
    assert current.pupil_answers == {rules.NAMED: rules.YES}
    assert not current.answers.exists()  # the pupil answered only for themself
    assert current.item_status[rules.NAMED] == rules.WAITING_PARENTS  # 12-16: the parents decide too
    browser.post(reverse("parents:view", kwargs={"uuid": uuid}), {"text": "Ik wil graag vaker buiten werken."})
    view = family.pupil.participant_views.get()
    assert view.guardian is None and view.author_name == "Noor"
    for page in ("growth_document", "growth_document_pdf", "opp", "meetings"):
        assert browser.get(reverse(f"parents:{page}", kwargs={"uuid": uuid})).status_code == 404, page


def test_a_pupil_under_12_is_not_invited(org, family):
    with pytest.raises(Exception, match="12"):
        invite(pupil=family.pupil, actor=org.users["ib_a"], email="kind@example.nl")


def test_parents_view_is_kept_per_save_and_shown_to_the_ib(org, family, client_for):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    browser = participant_client(invitation)
    url = reverse("parents:view", kwargs={"uuid": family.pupil.uuid})
    browser.post(url, {"text": "Eerste versie"})
    browser.post(url, {"text": "Tweede versie"})
    assert list(family.pupil.participant_views.values_list("text", flat=True)) == ["Tweede versie", "Eerste versie"]
    too_long = browser.post(url, {"text": "x" * 3001})
    assert too_long.status_code == 200 and family.pupil.participant_views.count() == 2
    page = client_for(org.users["ib_a"]).get(reverse("cases:growth_document", kwargs={"uuid": family.pupil.uuid}))
    body = page.content.decode()
    assert "Tweede versie" in body and "Eerste versie" not in body and "Anouk Vertrouwelijk" in body


def test_opp_agreement_is_tied_to_the_action_part_and_in_effect_only_when_every_holder_agreed(org, family):
    from cases.growth.services import growth_document_save
    from cases.participation.selectors import opp_status

    growth_document_save(
        actor=org.users["ib_a"],
        pupil=family.pupil,
        data={"has_opp": True, "opp_deviations": "Eigen leerlijn"},
        base_version=0,
    )
    mother, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    father, _ = invite(pupil=family.pupil, guardian=family.father, actor=org.users["ib_a"])
    url = reverse("parents:opp", kwargs={"uuid": family.pupil.uuid})
    mum, dad = participant_client(mother), participant_client(father)
    seen = opp_status(pupil=family.pupil).current_hash
    mum.post(url, {"answer": "agree", "seen_hash": seen})
    assert opp_status(pupil=family.pupil).state == "waiting"
    refused = dad.post(url, {"answer": "disagree", "seen_hash": seen})  # no reason: refused in Dutch
    assert refused.status_code == 200 and "waarom" in refused.content.decode().lower()
    dad.post(url, {"answer": "agree", "seen_hash": seen})
    assert opp_status(pupil=family.pupil).in_effect
    # A later change of the action part asks again; an answer to the old version is refused.
    document = m.GrowthDocument.objects.get(pupil=family.pupil)
    growth_document_save(
        actor=org.users["ib_a"],
        pupil=family.pupil,
        data={"opp_support_given": "RT twee keer per week"},
        base_version=document.version,
    )
    status = opp_status(pupil=family.pupil)
    assert status.state == "waiting" and all(row["stale"] for row in status.holders)
    stale = dad.post(url, {"answer": "agree", "seen_hash": seen})
    assert stale.status_code == 200 and "opnieuw" in stale.content.decode()
    assert opp_status(pupil=family.pupil).state == "waiting"


def test_a_mail_the_server_refuses_is_shown_on_the_invitation(
    org, family, settings, client_for, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "ot_portal.core.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    ib = client_for(org.users["ib_a"])
    url = reverse("cases:invitations", kwargs={"uuid": family.pupil.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        response = ib.post(url, {"who": str(family.mother.uuid), "asked_items": [rules.NAMED]}, follow=True)
    assert response.status_code == 200
    invitation = Invitation.objects.get(guardian=family.mother)
    assert invitation.mails.get().status == MailStatus.FAILED
    assert 'data-testid="mail-failed"' in ib.get(url).content.decode()


# --- Right of access (inzage) on the parent pages -------------------------------------------------


def _access_url(name, pupil, **extra):
    return reverse(f"parents:{name}", kwargs={"uuid": pupil.uuid, **extra})


def _answered(pupil, guardian=None, *, by_pupil=False):
    """An access request whose answer (PDF and ZIP) has been produced and stored."""
    today = timezone.localdate()
    answered = m.AccessRequest.objects.create(
        pupil=pupil,
        guardian=guardian,
        by_pupil=by_pupil,
        via="portal",
        received_on=today,
        due_on=today + timedelta(days=30),
        status=m.AccessRequestStatus.ANSWERED,
        produced_at=timezone.now(),
    )
    answered.answer_pdf.save("inzage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    answered.answer_zip.save("bijlagen.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    answered.save()
    return answered


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_parent_asks_for_access_and_it_lands_on_the_ib_worklist(client_for, org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    parent = participant_client(invitation)
    home = parent.get(_access_url("home", family.pupil)).content.decode()
    assert _access_url("access", family.pupil) in home
    page = parent.get(_access_url("access", family.pupil)).content.decode()
    assert "Inzage aanvragen" in page and "binnen een maand" in page and "twee maanden" in page
    response = parent.post(_access_url("access_request", family.pupil), follow=True)
    filed = m.AccessRequest.objects.get(pupil=family.pupil)
    assert (filed.guardian, filed.by_pupil, filed.via, filed.recorded_by) == (family.mother, False, "portal", None)
    assert filed.due_on == rules_due_on(filed.received_on)
    assert "verstuurd" in _messages(response) and formats.date_prose(filed.due_on) in _messages(response)
    # The page now shows the open request with its due date instead of the button.
    assert 'data-testid="open-request"' in response.content.decode()
    assert 'action="' + _access_url("access_request", family.pupil) not in response.content.decode()
    logged = AccessLog.objects.get(object_type="access_request", object_id=str(filed.uuid))
    assert (logged.user_id, logged.guardian_key, logged.pupil_key) == (None, family.mother.uuid, family.pupil.uuid)
    # Parent pages are logged against the pupil, with the guardian as actor.
    visit = AccessLog.objects.filter(object_type="parent_access").latest("pk")
    assert (visit.guardian_key, visit.pupil_key, visit.roles) == (family.mother.uuid, family.pupil.uuid, "guardian")
    worklist = client_for(org.users["ib_a"]).get(reverse("dashboards:worklist")).content.decode()
    assert reverse("cases:access_request_detail", kwargs={"uuid": filed.uuid}) in worklist


def test_a_second_open_request_is_refused_with_its_status_and_due_date(org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    parent = participant_client(invitation)
    parent.post(_access_url("access_request", family.pupil))
    response = parent.post(_access_url("access_request", family.pupil), follow=True)
    assert m.AccessRequest.objects.filter(pupil=family.pupil).count() == 1
    due = m.AccessRequest.objects.get().term_ends_on
    text = _messages(response)
    assert "nog open" in text and formats.date_prose(due) in text
    # The other guardian asks for themself: their own request, their own answer.
    other, _ = invite(pupil=family.pupil, guardian=family.father, actor=org.users["ib_a"])
    assert participant_client(other).post(_access_url("access_request", family.pupil)).status_code == 302
    assert set(m.AccessRequest.objects.values_list("guardian", flat=True)) == {family.mother.pk, family.father.pk}


def test_the_answer_downloads_for_its_requester_only(client_for, org, family):
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    parent = participant_client(invitation)
    mine = _answered(family.pupil, family.mother)
    page = parent.get(_access_url("access", family.pupil)).content.decode()
    assert _access_url("access_pdf", family.pupil, request_uuid=mine.uuid) in page
    pdf = parent.get(_access_url("access_pdf", family.pupil, request_uuid=mine.uuid))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment") and "no-store" in pdf["Cache-Control"]
    assert parent.get(_access_url("access_zip", family.pupil, request_uuid=mine.uuid)).status_code == 200
    downloads = AccessLog.objects.filter(object_type="access_request", object_id=str(mine.uuid), action="download")
    assert sorted(downloads.values_list("guardian_key", "outcome")) == [(family.mother.uuid, "allowed")] * 2
    # Another pupil's request, in this pupil's URL or its own: 404.
    stranger = PupilFactory(school=org.school_a)
    theirs = _answered(stranger, GuardianFactory(pupil=stranger))
    assert parent.get(_access_url("access_pdf", family.pupil, request_uuid=theirs.uuid)).status_code == 404
    assert parent.get(_access_url("access_pdf", stranger, request_uuid=theirs.uuid)).status_code == 404
    # The other guardian's answer withholds this guardian's details, not the other's: not theirs.
    fathers = _answered(family.pupil, family.father)
    assert parent.get(_access_url("access_zip", family.pupil, request_uuid=fathers.uuid)).status_code == 404
    # A staff session has no parent pages, not even the school's IB.
    staff = client_for(org.users["ib_a"])
    assert staff.get(_access_url("access_pdf", family.pupil, request_uuid=mine.uuid)).status_code == 404


def test_the_parent_sees_which_roles_opened_the_file_without_names(client_for, org, family):
    client_for(org.users["ib_a"]).get(reverse("cases:pupil_detail", kwargs={"uuid": family.pupil.uuid}))
    invitation, _ = invite(pupil=family.pupil, guardian=family.mother, actor=org.users["ib_a"])
    page = participant_client(invitation).get(_access_url("access", family.pupil)).content.decode()
    assert "Wie heeft het dossier ingezien" in page
    assert str(Role.IB.label) in page or "Intern begeleider" in page
    assert org.users["ib_a"].full_name not in page


def test_from_16_the_pupil_asks_and_the_guardian_is_told_so(org):
    today = timezone.localdate()
    pupil = PupilFactory(school=org.school_a, date_of_birth=today.replace(year=today.year - 17))
    EnrolmentFactory(pupil=pupil, school_year=org.school_year, group=org.group_a)
    guardian = GuardianFactory(pupil=pupil, email="ouder@example.nl")
    parent_inv, _ = invite(pupil=pupil, guardian=guardian, actor=org.users["ib_a"])
    parent = participant_client(parent_inv)
    page = parent.get(_access_url("access", pupil)).content.decode()
    assert 'data-testid="own-rights"' in page and "Inzage aanvragen" not in page
    assert parent.post(_access_url("access_request", pupil)).status_code == 404
    pupil_inv, _ = invite(pupil=pupil, actor=org.users["ib_a"], email="leerling@example.nl")
    own = participant_client(pupil_inv)
    assert "Inzage aanvragen" in own.get(_access_url("access", pupil)).content.decode()
    assert own.post(_access_url("access_request", pupil)).status_code == 302
    filed = m.AccessRequest.objects.get(pupil=pupil)
    assert (filed.by_pupil, filed.guardian) == (True, None)


def test_a_pupil_under_16_does_not_get_the_button(org):
    today = timezone.localdate()
    pupil = PupilFactory(school=org.school_a, date_of_birth=today.replace(year=today.year - 13))
    EnrolmentFactory(pupil=pupil, school_year=org.school_year, group=org.group_a)
    invitation, _ = invite(pupil=pupil, actor=org.users["ib_a"], email="leerling@example.nl")
    own = participant_client(invitation)
    page = own.get(_access_url("access", pupil)).content.decode()
    assert "Inzage aanvragen" not in page and "Vanaf 16" in page
    assert own.post(_access_url("access_request", pupil)).status_code == 404
    assert not m.AccessRequest.objects.exists()
