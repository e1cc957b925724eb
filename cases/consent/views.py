"""Views of consent: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.casefile import selectors as casefile_selectors
from cases.casefile.models import Case
from cases.consent import selectors, services
from cases.consent.access import get_consent_for_user
from cases.consent.forms import ConsentForm, ConsentWithdrawForm
from cases.consent.models import CONSENT_DISCIPLINES, Consent, item_label
from cases.pupils import csv_import as csv_import
from cases.pupils import selectors as pupils_selectors
from cases.pupils.access import get_pupil_for_user
from cases.pupils.models import Pupil
from ot_portal.core.access import Perm, school_permissions
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.locking import EditConflict, rebased_post
from ot_portal.core.pdf import pdf_response, render_to_pdf


def _done_message(change: services.ConsentChange, *, withdrawn: str = "") -> str:
    """What changed, truthfully: the items, who lost access and who keeps it."""
    parts = []
    if withdrawn:
        parts.append(_("Withdrawn: %(items)s.") % {"items": withdrawn})
    else:
        parts.append(_("The consent was saved as version %(n)s.") % {"n": change.consent.version})
    if change.lost_items:
        parts.append(
            _("No longer in force: %(items)s.") % {"items": ", ".join(item_label(i) for i in change.lost_items)}
        )
    if change.gained_items:
        parts.append(_("Now in force: %(items)s.") % {"items": ", ".join(item_label(i) for i in change.gained_items)})
    lost, kept = change.lost_access, change.kept_access
    if lost:
        parts.append(_("No longer have access: %(people)s.") % {"people": ", ".join(u.full_name for u in lost)})
    if kept:
        parts.append(_("Keep access: %(people)s.") % {"people": ", ".join(u.full_name for u in kept)})
    if not lost and not kept:
        parts.append(_("Nobody from outside the school has access to the pupil's cases."))
    for move in change.sync.regie_moves:
        parts.append(_("Regie moved to %(name)s.") % {"name": move.to_lead.full_name})
    return " ".join(parts)


def _case_came_from(request: HttpRequest, pupil: Pupil) -> Case | None:
    """The pupil's case whose page the user came from (`?casus=`), to go back to after saving."""
    try:
        key = uuid_lib.UUID(request.GET.get("casus", ""))
    except ValueError:
        return None
    return pupil.cases.filter(uuid=key).first()


def _back(pupil: Pupil, case: Case | None) -> HttpResponse:
    if case is not None:
        return redirect("cases:case_detail", uuid=case.uuid)
    return redirect("cases:pupil_detail", uuid=pupil.uuid)


def _conflict_context(exc: EditConflict) -> dict[str, Any]:
    return {"conflict": exc.current, "conflict_changes": exc.changes}


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Record consent, or change it (a new version): the asked scope and each guardian's answer."""
    pupil = get_pupil_for_user(request, uuid, action="consent")
    came_from = _case_came_from(request, pupil)
    current = selectors.current_consent(pupil=pupil)
    form = ConsentForm(request.POST or None, request.FILES or None, pupil=pupil, current=current)
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.consent_record_change(
                actor=request.user,
                pupil=pupil,
                answers=form.guardian_answers(),
                given_on=data["given_on"],
                method=data["method"],
                disciplines=data["disciplines"],
                discuss_in_ot=data["discuss_in_ot"],
                valid_until=data["valid_until"],
                pupil_answer=data.get("pupil_answer") if form.ask_pupil else None,
                signed_form=data["signed_form"],
                base_version=data["version"],
            )
        except EditConflict as exc:
            extra = _conflict_context(exc)
            form = ConsentForm(
                rebased_post(request.POST, exc.current) if exc.current else request.POST,
                request.FILES or None,
                pupil=pupil,
                current=cast(Consent, exc.current),
            )
            form.is_valid()
            form.add_error(None, exc.messages)
            status = 409
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _done_message(change))
            return _back(pupil, came_from)
    context = {
        "form": form,
        "pupil": pupil,
        "current": current,
        "scope": selectors.consent_scope(pupil=pupil),
        "came_from": came_from,
    }
    return render(request, "cases/consent_form.html", {**context, **extra}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Withdraw one discipline, discussion by name, or everything (a new version)."""
    consent = get_consent_for_user(request, uuid, action="withdraw")
    came_from = _case_came_from(request, consent.pupil)
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    extra: dict[str, Any] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.consent_withdraw_change(
                actor=request.user,
                consent=consent,
                withdrawn_on=data["withdrawn_on"],
                reason=data["reason"],
                scope=data["scope"],
                base_version=data["version"],
            )
        except EditConflict as exc:
            extra = _conflict_context(exc)
            if exc.current is not None:
                form = ConsentWithdrawForm(rebased_post(request.POST, exc.current), consent=cast(Consent, exc.current))
                form.is_valid()
            form.add_error(None, exc.messages)
            status = 409
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            label = dict(services.withdrawal_choices())[data["scope"]]
            messages.success(request, _done_message(change, withdrawn=str(label)))
            return _back(consent.pupil, came_from)
    context = {
        "form": form,
        "came_from": came_from,
        "consent": consent,
        "pupil": consent.pupil,
        "scope": selectors.consent_scope(pupil=consent.pupil),
    }
    return render(request, "cases/consent_withdraw.html", {**context, **extra}, status=status)


@login_required
def consent_history(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The pupil's consent page: the current scope and every version (who, when, how, what changed)."""
    pupil = get_pupil_for_user(request, uuid)
    perms = school_permissions(request.user, pupil.school_id)
    return render(
        request,
        "cases/consent_history.html",
        {
            "pupil": pupil,
            "scope": selectors.consent_scope(pupil=pupil),
            "versions": selectors.consent_history(pupil=pupil),
            "can_consent": Perm.CONSENT_RECORD in perms,
            "cases": casefile_selectors.cases_of_pupil_for_user(user=request.user, pupil=pupil),
        },
    )


@login_required
def consent_signed_form(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponseBase:
    """The uploaded signed consent form, from private storage, checked and logged."""
    consent = get_consent_for_user(request, uuid, action="download")
    if not consent.signed_form:
        raise Http404
    name = (consent.signed_form.name or "").rsplit("/", 1)[-1]
    response = FileResponse(consent.signed_form.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def consent_form_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_pupil_for_user(request, uuid, action="consent")

    _html, pdf = render_to_pdf(
        "cases/pdf/consent_form.html",
        {
            "pupil": pupil,
            "group": pupils_selectors.current_group(pupil),
            "guardians": [g for g in pupil.guardians.all() if g.has_authority],
            "disciplines": CONSENT_DISCIPLINES,
            "ask_pupil": 12 <= pupil.age_on() < 16,
            "today": timezone.localdate(),
        },
        request=request,
    )
    response = pdf_response(pdf, "toestemmingsformulier.pdf")
    response["Cache-Control"] = "no-store"
    return response
