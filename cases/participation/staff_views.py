"""Views of the school's side of participation (the IB): invite, revoke, give a code, record a
paper OPP agreement. Thin: access helper, form, service, redirect."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.consent.selectors import current_consent
from cases.participation import selectors, services
from cases.participation.access import get_invitation_for_user, get_invitation_pupil_for_user
from cases.participation.forms import PUPIL_CHOICE, InvitationForm, OppPaperForm
from cases.participation.views import site_url
from cases.pupils.models import Pupil
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.http import AuthenticatedHttpRequest


def _page(
    request: AuthenticatedHttpRequest,
    pupil: Pupil,
    *,
    form: InvitationForm | None = None,
    shown_code: dict[str, object] | None = None,
    paper_form: OppPaperForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "pupil": pupil,
        "form": form or InvitationForm(pupil=pupil, current=current_consent(pupil=pupil)),
        "invitations": selectors.invitations_of_pupil(pupil=pupil),
        "shown_code": shown_code,
        "opp": selectors.opp_status(pupil=pupil),
        "paper_form": paper_form or OppPaperForm(pupil=pupil),
    }
    response = render(request, "cases/participation/invitations.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_invitation_pupil_for_user(request, uuid)
    if request.method != "POST":
        return _page(request, pupil)
    form = InvitationForm(request.POST, pupil=pupil, current=current_consent(pupil=pupil))
    if form.is_valid():
        base = site_url(request)
        try:
            services.invitation_create(
                actor=request.user,
                pupil=pupil,
                guardian=form.guardian,
                email=form.cleaned_data["pupil_email"] if form.cleaned_data["who"] == PUPIL_CHOICE else "",
                asked_items=form.cleaned_data["asked_items"],
                link_for=lambda token: base + reverse("parents:invitation_open", kwargs={"token": token}),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The invitation was sent. Its mail status is shown below."))
            return redirect("cases:invitations", uuid=pupil.uuid)
    return _page(request, pupil, form=form, status=400)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    invitation = get_invitation_for_user(request, uuid)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation was revoked; its link no longer works."))
    return redirect("cases:invitations", uuid=invitation.pupil.uuid)


@login_required
@require_POST
@never_cache
def invitation_code(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Make a code and show it once, on this response only: it is not stored in clear."""
    invitation = get_invitation_for_user(request, uuid)
    try:
        code = services.invitation_issue_code(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:invitations", uuid=invitation.pupil.uuid)
    return _page(request, invitation.pupil, shown_code={"invitation": invitation, "code": code})


@login_required
@require_POST
def opp_paper(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_invitation_pupil_for_user(request, uuid)
    form = OppPaperForm(request.POST, request.FILES, pupil=pupil)
    if form.is_valid():
        try:
            services.opp_paper_record(
                actor=request.user,
                pupil=pupil,
                guardian=form.holders[form.cleaned_data["guardian"]],
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
                answered_on=form.cleaned_data["answered_on"],
                signed_form=form.cleaned_data["signed_form"],
                site_url=site_url(request),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The paper agreement was recorded."))
            return redirect("cases:invitations", uuid=pupil.uuid)
    return _page(request, pupil, paper_form=form, status=400)
