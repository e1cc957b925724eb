"""Views of consent: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.consent import services
from cases.consent.access import get_consent_for_user
from cases.consent.forms import ConsentForm, ConsentWithdrawForm
from cases.consent.models import CONSENT_DISCIPLINES
from cases.pupils import csv_import as csv_import
from cases.pupils import selectors as pupils_selectors
from cases.pupils.access import get_pupil_for_user
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.pdf import pdf_response, render_to_pdf


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request, uuid):
    pupil = get_pupil_for_user(request, uuid, action="consent")
    form = ConsentForm(request.POST or None, request.FILES or None, pupil=pupil)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.user,
                pupil=pupil,
                guardians=list(data["guardians"]),
                given_on=data["given_on"],
                method=data["method"],
                disciplines=data["disciplines"],
                discuss_in_ot=data["discuss_in_ot"],
                valid_until=data["valid_until"],
                pupil_agreed=data["pupil_agreed"] or None,
                signed_form=data["signed_form"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:pupil_detail", uuid=pupil.uuid)
    age = pupil.age_on()
    return render(request, "cases/consent_form.html", {"form": form, "pupil": pupil, "ask_pupil": 12 <= age < 16})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, uuid):
    consent = get_consent_for_user(request, uuid, action="withdraw")
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The consent was withdrawn; access for external professionals was removed."))
            return redirect("cases:pupil_detail", uuid=consent.pupil.uuid)
    return render(request, "cases/consent_withdraw.html", {"form": form, "consent": consent, "pupil": consent.pupil})


@login_required
def consent_signed_form(request, uuid):
    """The uploaded signed consent form, from private storage, checked and logged."""
    consent = get_consent_for_user(request, uuid, action="download")
    if not consent.signed_form:
        raise Http404
    name = consent.signed_form.name.rsplit("/", 1)[-1]
    response = FileResponse(consent.signed_form.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def consent_form_pdf(request, uuid):
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
