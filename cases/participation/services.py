"""Writes of participation: invitations, codes, and what parents and pupils answer and write.

Keyword-only services, one transaction, full_clean() before save(); mail and SMS go out in
`transaction.on_commit`. Consent answers end in the one consent service
(`cases.consent.services.consent_change`, method "digital"), so the grants follow at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.files import check_upload
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent import rules as consent_rules
from cases.consent.models import CONSENT_DISCIPLINES, Consent, ConsentMethod, item_label
from cases.consent.services import ConsentChange, consent_change
from cases.disclosure.models import AccessRequest, AccessRequestStatus, AccessRequestVia
from cases.disclosure.services import file_access_request
from cases.growth.models import GrowthDocument
from cases.participation import rules, tokens
from cases.participation.models import (
    CODE_VALID,
    LINK_VALID,
    MAX_WRONG_CODES,
    CodeChannel,
    EndReason,
    Invitation,
    InvitationMail,
    MailKind,
    MailStatus,
    OppAgreement,
    OppAgreementMethod,
    ParticipantConsentAnswer,
    ParticipantView,
)
from cases.participation.sms import SmsError, sms_backend
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import Perm, school_users_with
from ot_portal.core.formats import date_prose
from ot_portal.core.mail import MailDeliveryError
from ot_portal.core.models import User

#: A new SMS code is sent at most this often per invitation (each one costs money and annoys).
SMS_RESEND_AFTER = timedelta(seconds=60)


def askable_items() -> list[str]:
    return [consent_rules.NAMED] + [code for code, _label in CONSENT_DISCIPLINES]


# --- Mail --------------------------------------------------------------------------------------


def _deliver(mail_id: int, subject: str, body: str) -> None:
    mail = InvitationMail.objects.get(pk=mail_id)
    try:
        EmailMessage(subject=subject, body=body, to=[mail.to]).send()
    except (MailDeliveryError, OSError) as exc:
        mail.status, mail.error = MailStatus.FAILED, type(exc).__name__[:300]
    else:
        mail.status = MailStatus.SENT
    mail.save(update_fields=["status", "error"])


def _queue_mail(*, invitation: Invitation, kind: str, to: str, subject: str, body: str) -> InvitationMail:
    """Record the mail and send it after the commit; a refusal is kept on the row (shown per
    invitation). Subjects never name the pupil."""
    mail = InvitationMail.objects.create(invitation=invitation, kind=kind, to=to)
    transaction.on_commit(lambda: _deliver(mail.pk, subject, body))
    return mail


def _notify_staff(*, pupil: Pupil, subject: str, lines: list[str], site_url: str) -> None:
    """Tell the school's IB and the regie holders of the pupil's open cases (no names in the
    subject or the text: the link leads to the pupil behind the sign-in)."""
    recipients = set(school_users_with(pupil.school_id, Perm.PARTICIPATION_INVITE).values_list("email", flat=True))
    recipients |= {
        email
        for email in pupil.cases.filter(status__in=OPEN_STATUSES, lead__isnull=False).values_list(
            "lead__email", flat=True
        )
        if email
    }
    if not recipients:
        return
    url = site_url + reverse("cases:pupil_detail", kwargs={"uuid": pupil.uuid})
    body = "\n\n".join([*lines, _("See the pupil in OT Portal: %(url)s") % {"url": url}])
    to = sorted(recipients)
    transaction.on_commit(lambda: _send_quietly(subject, body, to))


def _send_quietly(subject: str, body: str, to: list[str]) -> None:
    try:
        EmailMessage(subject=subject, body=body, bcc=to).send()
    except (MailDeliveryError, OSError):
        pass  # SMTPBackend logged it; a notice to staff must not undo the parent's answer


# --- Invitations ---------------------------------------------------------------------------------


@dataclass
class NewInvitation:
    invitation: Invitation
    token: str  # only for the mail; never stored


def _end(invitation: Invitation, reason: str, *, actor: User | None = None) -> None:
    invitation.ended_at = timezone.now()
    invitation.end_reason = reason
    invitation.ended_by = actor
    invitation.code_hash = ""
    invitation.save(update_fields=["ended_at", "end_reason", "ended_by", "code_hash"])


def _invitation_mail(invitation: Invitation, link: str) -> tuple[str, str]:
    school = invitation.pupil.school.name
    until = timezone.localtime(invitation.expires_at)
    if invitation.for_pupil:
        greeting = _("Hello,")
        ask = _(
            "Your school %(school)s invites you to write your own view in your growth document, and "
            "to say whether you agree with what the school shares about you."
        ) % {"school": school}
    else:
        assert invitation.guardian is not None  # an invitation is for the pupil or for a guardian
        greeting = _("Dear %(name)s,") % {"name": invitation.guardian.name}
        ask = _(
            "The school %(school)s asks you to take part in the support for your child: give or refuse "
            "consent, read the growth document and add your own view."
        ) % {"school": school}
    body = "\n\n".join(
        [
            greeting,
            ask,
            _("Open this link: %(link)s") % {"link": link},
            _(
                "On that page you ask for a code. For your safety you need the link and the code "
                "together. The link works until %(date)s."
            )
            % {"date": date_prose(until)},
            _("Did you not expect this mail? Then you can ignore it, or call the school."),
        ]
    )
    return _("Invitation from %(school)s") % {"school": school}, body


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    pupil: Pupil,
    guardian: Guardian | None = None,
    email: str = "",
    phone: str = "",
    asked_items: list[str],
    link_for: Callable[[str], str],
) -> NewInvitation:
    """Invite a guardian with parental authority (or the pupil, from 12) to their own pages.
    An open invitation of the same person is replaced (one live invitation per person and pupil).
    `link_for(token)` makes the absolute link for the mail."""
    pupil = Pupil.objects.select_for_update(of=("self",)).select_related("school").get(pk=pupil.pk)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if pupil.left_on and pupil.left_on <= today:
        raise ValidationError(_("The pupil has left the school; nobody can be invited any more."))
    if guardian is not None:
        guardian = Guardian.objects.get(pk=guardian.pk)
        if guardian.pupil_id != pupil.pk:
            raise ValidationError(_("This guardian does not belong to the pupil."))
        if not guardian.has_authority:
            raise ValidationError(_("Only a guardian with parental authority (gezag) can be invited."))
        email = email or guardian.email
        phone = phone or guardian.phone
    elif pupil.age_on(today) < 12:
        raise ValidationError(_("A pupil can be invited from the age of 12."))
    if not email:
        errors["email"] = [_("An invitation needs an e-mail address.")]
    if guardian is not None and email.strip().lower() != guardian.email.strip().lower():
        errors["email"] = [_("Record the new e-mail address on the guardian first; the invitation goes there.")]
    asked = sorted(set(asked_items))
    if not asked:
        errors["asked_items"] = [_("Choose at least one item to ask about.")]
    elif set(asked) - set(askable_items()):
        errors["asked_items"] = [_("Unknown item.")]
    if errors:
        raise ValidationError(errors)
    for old in Invitation.objects.open().filter(pupil=pupil, guardian=guardian):
        _end(old, EndReason.REPLACED, actor=actor)
    token = tokens.new_token()
    now = timezone.now()
    invitation = Invitation(
        pupil=pupil,
        guardian=guardian,
        email=email.strip(),
        phone=phone.strip(),
        asked_items=asked,
        token_hash=tokens.token_hash(token),
        created_by=actor,
        created_at=now,
        expires_at=now + LINK_VALID,
    )
    invitation.full_clean()
    invitation.save()
    subject, body = _invitation_mail(invitation, link_for(token))
    _queue_mail(invitation=invitation, kind=MailKind.INVITATION, to=invitation.email, subject=subject, body=body)
    return NewInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.ended_at:
        raise ValidationError(_("This invitation has already ended."))
    _end(invitation, EndReason.REVOKED, actor=actor)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link (any state), or None for a link that never existed."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("pupil__school", "guardian")
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )


def still_allowed(invitation: Invitation) -> str | None:
    """Why an invitation may not be used any more although nobody ended it (the guardian lost
    authority, their address changed, the pupil left or is too young); None when all is well."""
    pupil = invitation.pupil
    if pupil.left_on and pupil.left_on <= timezone.localdate():
        return EndReason.PUPIL_LEFT
    guardian = invitation.guardian
    if guardian is None:
        return None
    if not guardian.has_authority:
        return EndReason.AUTHORITY_LOST
    if guardian.email.strip().lower() != invitation.email.strip().lower():
        return EndReason.EMAIL_CHANGED
    return None


@transaction.atomic
def invitation_check(*, invitation: Invitation) -> bool:
    """Whether the invitation can be used now; one that lost its ground is ended on the spot."""
    if not invitation.is_live:
        return False
    reason = still_allowed(invitation)
    if reason:
        _end(Invitation.objects.select_for_update().get(pk=invitation.pk), reason)
        return False
    return True


@transaction.atomic
def invitation_request_code(*, invitation: Invitation) -> str:
    """The parent asks for a code ("stuur mij een code"). With an SMS provider and a mobile
    number it is sent at once; otherwise the school is asked to give it. Returns the channel."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("pupil__school").get(pk=invitation.pk)
    )
    if not invitation_check(invitation=invitation):
        raise ValidationError(_("This link no longer works."))
    now = timezone.now()
    backend = sms_backend()
    if backend is None or not invitation.phone:
        invitation.code_requested_at = now
        invitation.save(update_fields=["code_requested_at"])
        return CodeChannel.STAFF
    if invitation.code_issued_at and now - invitation.code_issued_at < SMS_RESEND_AFTER and invitation.code_hash:
        return CodeChannel.SMS
    code = _store_code(invitation, CodeChannel.SMS, now)
    text = _("Your code for OT Portal of %(school)s: %(code)s. It works for 15 minutes.") % {
        "school": invitation.pupil.school.name,
        "code": code,
    }
    phone = invitation.phone

    def send() -> None:
        try:
            backend.send(to=phone, text=text)
        except SmsError:
            Invitation.objects.filter(pk=invitation.pk).update(code_requested_at=timezone.now())

    transaction.on_commit(send)
    return CodeChannel.SMS


def _store_code(invitation: Invitation, channel: str, now: datetime) -> str:
    code = tokens.new_code()
    invitation.code_hash = tokens.code_hash(invitation_uuid=invitation.uuid, code=code)
    invitation.code_expires_at = now + CODE_VALID
    invitation.code_issued_at = now
    invitation.code_channel = channel
    invitation.save(update_fields=["code_hash", "code_expires_at", "code_issued_at", "code_channel"])
    return code


@transaction.atomic
def invitation_issue_code(*, actor: User, invitation: Invitation) -> str:
    """A code for the school to give by phone or in person; the plain code is returned once and
    never stored. A new code replaces the previous one; wrong tries keep counting."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("pupil", "guardian").get(pk=invitation.pk)
    )
    if not invitation_check(invitation=invitation):
        raise ValidationError(_("This invitation cannot be used any more; send a new one."))
    return _store_code(invitation, CodeChannel.STAFF, timezone.now())


@dataclass
class CodeCheck:
    ok: bool
    message: str = ""
    locked: bool = False


@transaction.atomic
def invitation_verify_code(*, invitation: Invitation, code: str) -> CodeCheck:
    """Check a code. Five wrong codes in total, over all codes of the invitation, lock it."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("pupil", "guardian").get(pk=invitation.pk)
    )
    if not invitation_check(invitation=invitation):
        return CodeCheck(False, _("This link no longer works. Ask the school for a new invitation."), locked=True)
    now = timezone.now()
    if not invitation.code_hash:
        return CodeCheck(False, _("There is no code yet. Ask for a code first."))
    if tokens.code_matches(invitation_uuid=invitation.uuid, code=code, stored_hash=invitation.code_hash):
        if invitation.code_expires_at and invitation.code_expires_at <= now:
            return CodeCheck(False, _("This code has expired (a code works for 15 minutes). Ask for a new code."))
        invitation.code_hash = ""
        invitation.last_used_at = now
        invitation.email_confirmed_at = invitation.email_confirmed_at or now
        invitation.save(update_fields=["code_hash", "last_used_at", "email_confirmed_at"])
        return CodeCheck(True)
    invitation.wrong_codes += 1
    invitation.save(update_fields=["wrong_codes"])
    if invitation.wrong_codes >= MAX_WRONG_CODES:
        _end(invitation, EndReason.LOCKED)
        return CodeCheck(
            False,
            _("The code was wrong too often. This link is now blocked; ask the school for a new invitation."),
            locked=True,
        )
    left = MAX_WRONG_CODES - invitation.wrong_codes
    return CodeCheck(False, _("This code is not right. You can try %(n)s more times.") % {"n": left})


def invitations_follow_guardian(*, guardian: Guardian, old_email: str | None, had_authority: bool | None) -> None:
    """A guardian changed: who lost authority loses the invitation; a changed address ends it
    and the old address is told (someone may have changed it who should not have)."""
    open_ = list(Invitation.objects.open().filter(guardian=guardian).select_related("pupil__school"))
    if not open_:
        return
    if had_authority and not guardian.has_authority:
        for invitation in open_:
            _end(invitation, EndReason.AUTHORITY_LOST)
        return
    if old_email is not None and old_email.strip().lower() != guardian.email.strip().lower():
        for invitation in open_:
            _end(invitation, EndReason.EMAIL_CHANGED)
            school = invitation.pupil.school.name
            _queue_mail(
                invitation=invitation,
                kind=MailKind.ENDED_OLD_ADDRESS,
                to=invitation.email,
                subject=_("Your invitation from %(school)s has ended") % {"school": school},
                body="\n\n".join(
                    [
                        _("Dear %(name)s,") % {"name": guardian.name},
                        _(
                            "Your e-mail address at %(school)s was changed, so the link we sent to this "
                            "address no longer works."
                        )
                        % {"school": school},
                        _("Did you not ask for this change? Then please call the school."),
                    ]
                ),
            )


def invitations_end_for_pupil(*, pupil: Pupil, reason: str = EndReason.PUPIL_LEFT, actor: User | None = None) -> int:
    ended = 0
    for invitation in Invitation.objects.open().filter(pupil=pupil):
        _end(invitation, reason, actor=actor)
        ended += 1
    return ended


# --- What the participant answers ------------------------------------------------------------


def offered_items(*, invitation: Invitation, current: Consent | None) -> list[str]:
    """What the page asks: what the school asked in the invitation plus what the current
    consent already covers (so anything can be withdrawn)."""
    items = set(invitation.asked_items or [])
    if current is not None:
        items |= set(current.asked_items)
    order = {item: i for i, item in enumerate(askable_items())}
    return sorted(items, key=lambda i: order.get(i, 99))


@transaction.atomic
def participant_consent_answer(
    *, invitation: Invitation, answers: dict[str, str], text_version: str, withdrawal: bool = False
) -> ConsentChange:
    """Each guardian answers for themself (the pupil from 12 for themself); the answers become
    the current consent version (method "digital") through the consent service."""
    pupil = invitation.pupil
    current = Consent.objects.current().filter(pupil=pupil).first()
    offered = offered_items(invitation=invitation, current=current)
    given = {item: value for item, value in answers.items() if value}
    if set(given) - set(offered) or set(given.values()) - {consent_rules.YES, consent_rules.NO}:
        raise ValidationError(_("This question was not asked."))
    if not given:
        raise ValidationError(_("Answer at least one question."))
    asked = set(current.asked_items) if current is not None else set()
    asked |= set(given)
    who = invitation.participant_name
    summary = [_("Answered on the parent pages by %(name)s") % {"name": who}]
    common: dict[str, Any] = {
        "actor": None,
        "pupil": pupil,
        "method": ConsentMethod.DIGITAL,
        "given_on": timezone.localdate(),
        "discuss_in_ot": consent_rules.NAMED in asked,
        "disciplines": sorted(asked - {consent_rules.NAMED}),
        "summary": summary,
        "withdrawal": withdrawal,
    }
    if invitation.for_pupil:
        if not consent_rules.pupil_is_asked(pupil.age_on()):
            raise ValidationError(_("Under 12 the parents decide."))
        before = dict(current.pupil_answers) if current is not None else {}
        change = consent_change(pupil_answer={**before, **given}, **common)
    else:
        assert invitation.guardian_id is not None  # not for the pupil: for a guardian
        guardian = Guardian.objects.get(pk=invitation.guardian_id)
        before = {}
        if current is not None:
            row = current.answers.filter(guardian=guardian).first()
            before = dict(row.answers) if row else {}
        change = consent_change(guardian_answers={guardian: {**before, **given}}, **common)
    ParticipantConsentAnswer.objects.create(
        consent=change.consent,
        invitation=invitation,
        guardian=invitation.guardian,
        answers=given,
        text_version=text_version,
    )
    return change


@transaction.atomic
def participant_consent_withdraw(
    *, invitation: Invitation, item: str, text_version: str, site_url: str
) -> ConsentChange:
    """Withdraw one item at once: this person's answer becomes "no", so the item is refused and
    the access it gave ends in the same transaction. The IB and the regie holders are told."""
    change = participant_consent_answer(
        invitation=invitation, answers={item: consent_rules.NO}, text_version=text_version, withdrawal=True
    )
    lines = [
        _("Consent was withdrawn on the parent pages for: %(item)s.") % {"item": item_label(item)},
    ]
    if change.lost_access:
        lines.append(
            _("No longer have access: %(people)s.") % {"people": ", ".join(u.full_name for u in change.lost_access)}
        )
    _notify_staff(pupil=invitation.pupil, subject=_("Consent withdrawn by a parent"), lines=lines, site_url=site_url)
    return change


@transaction.atomic
def participant_view_save(*, invitation: Invitation, text: str) -> ParticipantView:
    """Visie van ouders / mijn visie: each save is kept with who and when."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write your view before you save.")]})
    view = ParticipantView(
        pupil=invitation.pupil,
        invitation=invitation,
        guardian=invitation.guardian,
        author_name=invitation.participant_name,
        text=text,
    )
    view.full_clean()
    view.save()
    return view


def action_part_values(document: GrowthDocument | None) -> dict[str, str]:
    if document is None:
        return {}
    return {name: getattr(document, name) for name in rules.ACTION_PART_FIELDS}


@transaction.atomic
def opp_answer(*, invitation: Invitation, answer: str, reason: str, seen_hash: str, site_url: str) -> OppAgreement:
    """A holder of authority agrees or disagrees with the current action part of the OPP. The
    answer is tied to the version the parent saw (`seen_hash`); a disagreement tells the IB."""
    if invitation.for_pupil:
        raise ValidationError(_("Only parents with parental authority agree to the OPP."))
    assert invitation.guardian is not None  # not for the pupil: for a guardian
    document = GrowthDocument.objects.select_for_update().filter(pupil=invitation.pupil).first()
    if document is None or not document.has_opp:
        raise ValidationError(_("There is no development perspective plan to agree to."))
    current_hash = rules.action_part_hash(action_part_values(document))
    if seen_hash != current_hash:
        raise ValidationError(_("The school changed the action part while you were reading. Read it again and answer."))
    return _opp_record(
        document=document,
        guardian=invitation.guardian,
        answer=answer,
        reason=reason,
        method=OppAgreementMethod.DIGITAL,
        invitation=invitation,
        site_url=site_url,
    )


@transaction.atomic
def opp_paper_record(
    *,
    actor: User,
    pupil: Pupil,
    guardian: Guardian,
    answer: str,
    reason: str,
    answered_on: date,
    signed_form: File[Any] | None,
    site_url: str,
) -> OppAgreement:
    """The school records a paper agreement (the signed form is uploaded)."""
    document = GrowthDocument.objects.select_for_update().filter(pupil=pupil).first()
    if document is None or not document.has_opp:
        raise ValidationError(_("There is no development perspective plan to agree to."))
    if guardian.pupil_id != pupil.pk:
        raise ValidationError(_("This guardian does not belong to the pupil."))
    if not signed_form:
        raise ValidationError({"signed_form": [_("Upload the signed form.")]})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": [_("This date cannot be in the future.")]})
    return _opp_record(
        document=document,
        guardian=guardian,
        answer=answer,
        reason=reason,
        method=OppAgreementMethod.PAPER,
        recorded_by=actor,
        signed_form=signed_form,
        answered_on=answered_on,
        site_url=site_url,
    )


def _opp_record(
    *,
    document: GrowthDocument,
    guardian: Guardian,
    answer: str,
    reason: str | None,
    method: str,
    site_url: str,
    invitation: Invitation | None = None,
    recorded_by: User | None = None,
    signed_form: File[Any] | None = None,
    answered_on: date | None = None,
) -> OppAgreement:
    if not guardian.has_authority:
        raise ValidationError(_("Only a guardian with parental authority can agree to the OPP."))
    reason = (reason or "").strip()
    if answer not in (rules.AGREE, rules.DISAGREE):
        raise ValidationError({"answer": [_("Choose whether you agree.")]})
    if answer == rules.DISAGREE and not reason:
        raise ValidationError({"reason": [_("Tell the school why you do not agree.")]})
    agreement = OppAgreement(
        document=document,
        guardian=guardian,
        action_part_hash=rules.action_part_hash(action_part_values(document)),
        document_version=document.version,
        answer=answer,
        reason=reason,
        method=method,
        invitation=invitation,
        recorded_by=recorded_by,
        answered_on=answered_on or timezone.localdate(),
    )
    if signed_form:
        _content_type, name = check_upload(signed_form)
        agreement.signed_form.save(name, signed_form, save=False)
    agreement.full_clean()
    agreement.save()
    if answer == rules.DISAGREE:
        _notify_staff(
            pupil=document.pupil,
            subject=_("A parent does not agree with the OPP"),
            lines=[_("A parent does not agree with the action part of the development perspective plan (OPP).")],
            site_url=site_url,
        )
    return agreement


# --- Right of access (inzage) from the parent pages ---------------------------------------------


@transaction.atomic
def participant_access_request(*, invitation: Invitation, request: HttpRequest | None = None) -> AccessRequest:
    """File an inzageverzoek from the parent pages: by the guardian of the invitation (pupil under
    16) or by the pupil themself (from 16). One open request per requester: a second one is
    refused with the open one's status and due date. The pupil row is locked, so two tabs cannot
    both file one."""
    pupil = Pupil.objects.select_for_update().get(pk=invitation.pupil_id)
    mine = AccessRequest.objects.filter(pupil=pupil)
    if invitation.guardian_id is None:
        mine = mine.filter(by_pupil=True)
    else:
        mine = mine.filter(guardian=invitation.guardian_id)
    open_one = mine.filter(status=AccessRequestStatus.OPEN).order_by("received_on", "pk").first()
    if open_one is not None:
        raise ValidationError(
            _(
                "You already asked for access on %(received)s. That request is still open: "
                "the school answers it by %(due)s at the latest. You can ask again once it has been answered."
            )
            % {"received": date_prose(open_one.received_on), "due": date_prose(open_one.term_ends_on)}
        )
    return file_access_request(
        pupil,
        guardian=invitation.guardian,
        pupil_self=invitation.guardian_id is None,
        via=AccessRequestVia.PORTAL,
        actor=None,
        request=request,
    )
