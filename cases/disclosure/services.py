"""Writes of the right of access: file an access request (from the parent pages, or recorded by
staff from a letter or e-mail), extend its term once with a reason, and produce the answer."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.disclosure import rules
from cases.disclosure.models import AccessRequest, AccessRequestStatus, AccessRequestVia
from cases.disclosure.selectors import attachments_of, disclosure_document, signed_consent_forms_of
from cases.pupils.models import Guardian, Pupil
from ot_portal.core import audit
from ot_portal.core.access import Perm, has_school_permission
from ot_portal.core.audit import ObjectType
from ot_portal.core.models import User
from ot_portal.core.pdf import render_to_pdf

#: The PDF template of the answer; it includes the same document template as the browser page.
ANSWER_TEMPLATE = "cases/pdf/access_request_answer.html"


@transaction.atomic
def file_access_request(
    pupil: Pupil,
    guardian: Guardian | None = None,
    pupil_self: bool = False,
    via: str = AccessRequestVia.PORTAL,
    *,
    received_on: date | None = None,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """File an inzageverzoek for `pupil`: by `guardian` (with parental authority, pupil under 16)
    or by the pupil themself (`pupil_self`, from 16). `actor` is the staff member who records a
    request that came by letter, e-mail or in person; None on the parent pages.

    The answer is due one month after `received_on` (today by default); the request lands on
    the worklist of the school's IB.
    """
    today = timezone.localdate()
    received_on = received_on or today
    if (guardian is None) == (not pupil_self):
        raise ValidationError(_("Say who asks: one guardian, or the pupil."))
    if received_on > today:
        raise ValidationError({"received_on": _("This date cannot be in the future.")})
    age = pupil.age_on(received_on)
    if pupil_self and not rules.pupil_decides(age):
        raise ValidationError(_("A pupil under 16 asks through a parent with parental authority."))
    if guardian is not None:
        if guardian.pupil_id != pupil.pk:
            raise ValidationError(_("This guardian is not a guardian of this pupil."))
        if not guardian.has_authority:
            raise ValidationError(_("Only a guardian with parental authority can ask for access."))
        if rules.pupil_decides(age):
            raise ValidationError(_("From 16 the pupil asks for access themself."))
    if via not in AccessRequestVia.values:
        raise ValidationError({"via": _("Choose how the request came in.")})
    if actor is not None and not has_school_permission(actor, pupil.school_id, Perm.ACCESS_REQUEST_HANDLE):
        raise PermissionDenied
    access_request = AccessRequest(
        pupil=pupil,
        guardian=guardian,
        by_pupil=pupil_self,
        via=via,
        received_on=received_on,
        due_on=rules.due_on(received_on),
        recorded_by=actor,
    )
    access_request.full_clean()
    access_request.save()
    audit.log_access(
        request,
        object_type=ObjectType.ACCESS_REQUEST,
        object_id=str(access_request.uuid),
        action="edit",
        user=actor,
        pupil_key=pupil.uuid,
        guardian_key=guardian.uuid if guardian is not None and actor is None else None,
    )
    return access_request


@transaction.atomic
def access_request_extend(*, actor: User, access_request: AccessRequest, months: int, reason: str) -> AccessRequest:
    """Extend the term once, by one or two months, with the reason the requester is told
    (AVG art. 12(3): within the first month, because the request is complex or there are many)."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    reason = (reason or "").strip()
    if not locked.is_open:
        raise ValidationError(_("This request has been answered already."))
    if locked.extended_until is not None:
        raise ValidationError(_("The answer's term can be extended only once."))
    if months not in range(1, rules.MAX_EXTENSION_MONTHS + 1):
        raise ValidationError({"months": _("Extend by one or two months.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension; the requester is told.")})
    if timezone.localdate() > locked.due_on:
        raise ValidationError(_("The term can only be extended before it has passed."))
    locked.extended_until = rules.extended_due_on(locked.due_on, months)
    locked.extension_reason = reason
    locked.extended_by = actor
    locked.full_clean()
    locked.save(update_fields=["extended_until", "extension_reason", "extended_by"])
    return locked


def _attachments_zip(access_request: AccessRequest) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        listing = []
        for number, attachment in enumerate(attachments_of(access_request.pupil), start=1):
            # The upload's own name may hold anything; a number keeps names unique and safe.
            safe_name = f"{number:02d}-" + "".join(
                c if c.isalnum() or c in "._-" else "_" for c in attachment.original_name
            )
            with attachment.file.open("rb") as stored:
                archive.writestr(safe_name, stored.read())
            listing.append(f"{safe_name}\t{attachment.description}")
        for consent in signed_consent_forms_of(access_request.pupil):
            name = f"toestemming-versie-{consent.version}{Path(consent.signed_form.name or '').suffix[:10]}"
            with consent.signed_form.open("rb") as stored:
                archive.writestr(name, stored.read())
            listing.append(f"{name}\t{_('Signed consent form')}")
        archive.writestr(
            "inhoud.txt",
            "\n".join([str(_("Documents held on the pupil, in the order they were added.")), "", *listing]) + "\n",
        )
    return buffer.getvalue()


@transaction.atomic
def access_request_produce(
    *, actor: User, access_request: AccessRequest, request: HttpRequest | None = None
) -> AccessRequest:
    """Put the answer together: one PDF of everything held on the pupil (redacted, without
    personal working notes) and a ZIP of the documents. Stored with the request, so what the
    requester downloads is what was produced; producing again replaces both."""
    locked = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("pupil", "guardian")
        .get(pk=access_request.pk)
    )
    if not has_school_permission(actor, locked.pupil.school_id, Perm.ACCESS_REQUEST_HANDLE):
        raise PermissionDenied
    _html, pdf = render_to_pdf(ANSWER_TEMPLATE, disclosure_document(access_request=locked), request=request)
    for field in (locked.answer_pdf, locked.answer_zip):
        if field.name:  # a FieldFile is true when it has a name
            field.storage.delete(field.name)
    locked.answer_pdf.save("inzage.pdf", ContentFile(pdf), save=False)
    locked.answer_zip.save("bijlagen.zip", ContentFile(_attachments_zip(locked)), save=False)
    locked.status = AccessRequestStatus.ANSWERED
    locked.produced_at = timezone.now()
    locked.produced_by = actor
    locked.save()
    audit.log_access(
        request,
        object_type=ObjectType.ACCESS_REQUEST,
        object_id=str(locked.uuid),
        action="export",
        user=actor,
        pupil_key=locked.pupil.uuid,
    )
    return locked
