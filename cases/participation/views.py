"""Views of the parent (and pupil) pages: thin. Everything of the child sits behind
`access.get_participant` (link plus code); the link's page shows nothing of the child."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.consent.models import item_label
from cases.consent.services import ConsentChange
from cases.participation import selectors, services, session, texts
from cases.participation.access import NoParticipantSession, Participant, get_participant, participant_or_none
from cases.participation.forms import CodeForm, ConsentAnswerForm, OppAnswerForm, ViewForm
from cases.participation.meetings import participant_meetings
from cases.participation.models import CodeChannel, Invitation
from cases.participation.tokens import normalise_code
from ot_portal.core import audit
from ot_portal.core.audit import ObjectType
from ot_portal.core.formats import date_prose
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.net import client_ip
from ot_portal.core.pdf import pdf_response, render_to_pdf

#: Code attempts per client address in the window, over all invitations (guessing in a loop).
CODE_ATTEMPTS_PER_IP = 30
CODE_ATTEMPT_WINDOW = 15 * 60


def site_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


#: The pages a pupil reaches with their own invitation: their own consent answers, "mijn visie"
#: and, from 16, their own access request (under 16 the inzage page only says that a parent
#: asks); nothing else (the growth document, the OPP and the meetings are their parents').
PUPIL_PAGES = {"home", "consent", "consent_withdraw", "view", "access", "access_request", "access_pdf", "access_zip"}


type ParticipantView = Callable[..., HttpResponseBase]


def participant_page(page: str) -> Callable[[ParticipantView], ParticipantView]:
    """Fetch the participant for `page` or show the "open your link again" page (403)."""

    def decorate(view: ParticipantView) -> ParticipantView:
        @wraps(view)
        @never_cache
        def wrapper(request: HttpRequest, uuid: UUID, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                participant = get_participant(
                    request, uuid, page=page, action="edit" if request.method == "POST" else "view"
                )
            except NoParticipantSession:
                return render(request, "cases/participation/session_needed.html", status=403)
            if participant.is_pupil and page not in PUPIL_PAGES:
                raise Http404
            request.participant_page = page  # type: ignore[attr-defined]  # the parent pages' navigation reads it
            response = view(request, participant, *args, **kwargs)
            response["Cache-Control"] = "no-store"
            return response

        return wrapper

    return decorate


def _context(participant: Participant, **extra: Any) -> dict[str, Any]:
    return {"participant": participant, "pupil": participant.pupil, "school": participant.pupil.school, **extra}


# --- Link and code ---------------------------------------------------------------------------


@require_GET
@never_cache
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: exchange the token for a pending session at once and move on to a
    URL without it (so it does not stay in the address bar, the history or a 404 log). A GET does
    nothing else: mail scanners that open links trigger nothing."""
    invitation = services.invitation_for_token(token)
    if invitation is not None and services.invitation_check(invitation=invitation):
        session.set_pending(request, invitation)
    else:
        session.clear_pending(request)
        messages.error(request, _("This link does not work (any more). Ask the school for a new invitation."))
    response = redirect("parents:sign_in")
    response["Referrer-Policy"] = "no-referrer"
    return response


def _pending(request: HttpRequest) -> Invitation | None:
    pk = session.pending_id(request)
    if pk is None:
        return None
    invitation = Invitation.objects.select_related("pupil__school", "guardian").filter(pk=pk).first()
    if invitation is None or not services.invitation_check(invitation=invitation):
        session.clear_pending(request)
        return None
    return invitation


def _too_many_attempts(request: HttpRequest) -> bool:
    key = f"ot:participation:code-attempts:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=CODE_ATTEMPT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=CODE_ATTEMPT_WINDOW)
        count = 1
    return count > getattr(settings, "OT_PARTICIPANT_CODE_ATTEMPTS_PER_IP", CODE_ATTEMPTS_PER_IP)


@require_http_methods(["GET", "POST"])
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """The page the link leads to: nothing of the child, a button "send me a code" and the code."""
    invitation = _pending(request)
    participant = participant_or_none(request)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _too_many_attempts(request):
            return render(request, "cases/participation/too_many.html", status=429)
        if invitation is None:
            messages.error(request, _("Open the link from the invitation mail first."))
            return redirect("parents:sign_in")
        if form.is_valid():
            check = services.invitation_verify_code(
                invitation=invitation, code=normalise_code(form.cleaned_data["code"])
            )
            if check.ok:
                signed_out = session.start(request, invitation)
                if signed_out:
                    messages.warning(
                        request,
                        _(
                            "You were signed in as a staff member in this browser. "
                            "You have been signed out of that first."
                        ),
                    )
                messages.success(request, _("Welcome. You are now on the page of your child."))
                return redirect("parents:home", uuid=invitation.pupil.uuid)
            form.add_error("code", check.message)
            status = 400
            if check.locked:
                session.clear_pending(request)
                invitation = None
    context = {
        "invitation": invitation,
        "form": form,
        "participant": participant,
        "staff_signed_in": request.user.is_authenticated,
    }
    return render(request, "cases/participation/sign_in.html", context, status=status)


@require_POST
@never_cache
def request_code(request: HttpRequest) -> HttpResponse:
    invitation = _pending(request)
    if invitation is None:
        messages.error(request, _("This link does not work (any more). Ask the school for a new invitation."))
        return redirect("parents:sign_in")
    try:
        channel = services.invitation_request_code(invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("parents:sign_in")
    if channel == CodeChannel.SMS:
        messages.success(
            request, _("We have sent a code by text message to your mobile phone. It works for 15 minutes.")
        )
    else:
        messages.success(
            request,
            _(
                "The school has received your request. The internal care coordinator (IB) gives you the code, "
                "by phone or in person. The code works for 15 minutes."
            ),
        )
    return redirect("parents:sign_in")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        session.end(request)
    messages.info(request, _("You are signed out. Use the link from your mail to come back."))
    response = redirect("parents:sign_in")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- The pages of the child ------------------------------------------------------------------


@require_GET
@participant_page("home")
def home(request: HttpRequest, participant: Participant) -> HttpResponse:
    current, items = selectors.consent_items(participant=participant)
    context = _context(
        participant,
        consent=current,
        items=items,
        opp=selectors.opp_status(pupil=participant.pupil),
    )
    return render(request, "cases/participation/home.html", context)


@require_http_methods(["GET", "POST"])
@participant_page("consent")
def consent(request: HttpRequest, participant: Participant) -> HttpResponse:
    current, items = selectors.consent_items(participant=participant)
    form = ConsentAnswerForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.participant_consent_answer(
                invitation=participant.invitation,
                answers=form.answers(),
                text_version=texts.text_version([e.item for e in items]),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _answer_message(change))
            return redirect("parents:consent", uuid=participant.pupil.uuid)
    rows = [(entry, form[f"item_{entry.item}"]) for entry in items]
    return render(
        request, "cases/participation/consent.html", _context(participant, consent=current, rows=rows, form=form)
    )


def _answer_message(change: ConsentChange) -> str:
    parts = [_("Thank you, your answers are saved.")]
    if change.gained_items:
        parts.append(_("Now in force: %(items)s.") % {"items": ", ".join(item_label(i) for i in change.gained_items)})
    waiting = [label for label, why in change.consent.pending]
    if waiting:
        parts.append(_("Not yet in force: %(items)s.") % {"items": ", ".join(waiting)})
    if change.lost_access:
        parts.append(
            _("No longer have access: %(people)s.") % {"people": ", ".join(u.full_name for u in change.lost_access)}
        )
    return " ".join(parts)


@require_http_methods(["GET", "POST"])
@participant_page("consent_withdraw")
def consent_withdraw(request: HttpRequest, participant: Participant, item: str) -> HttpResponse:
    """Withdraw one item: a confirmation first (who would lose access), then at once."""
    _current, items = selectors.consent_items(participant=participant)
    entry = next((e for e in items if e.item == item), None)
    if entry is None or not entry.has_agreed:
        raise Http404
    if request.method == "POST":
        change = services.participant_consent_withdraw(
            invitation=participant.invitation,
            item=item,
            text_version=texts.text_version([e.item for e in items]),
            site_url=site_url(request),
        )
        lost = change.lost_access
        if lost:
            text = _("Withdrawn: %(item)s. These people no longer have access, from now on: %(people)s.") % {
                "item": entry.title,
                "people": ", ".join(u.full_name for u in lost),
            }
        else:
            text = _("Withdrawn: %(item)s. Nobody had access through it, so nobody lost access.") % {
                "item": entry.title
            }
        messages.success(request, text + " " + _("The school has been told."))
        return redirect("parents:consent", uuid=participant.pupil.uuid)
    holders = selectors.access_holders(pupil=participant.pupil, item=item)
    return render(request, "cases/participation/withdraw.html", _context(participant, entry=entry, holders=holders))


@require_GET
@participant_page("growth_document")
def growth_document(request: HttpRequest, participant: Participant) -> HttpResponse:
    context = selectors.parent_growth_context(pupil=participant.pupil)
    context.update(_context(participant, opp=selectors.opp_status(pupil=participant.pupil)))
    return render(request, "cases/participation/growth_document.html", context)


@require_GET
@participant_page("growth_document_pdf")
def growth_document_pdf(request: HttpRequest, participant: Participant) -> HttpResponse:
    context = selectors.parent_growth_context(pupil=participant.pupil)
    _html, pdf = render_to_pdf("cases/pdf/growth_document.html", context, request=request)
    return pdf_response(pdf, "groeidocument.pdf")


@require_http_methods(["GET", "POST"])
@participant_page("view")
def view_edit(request: HttpRequest, participant: Participant) -> HttpResponse:
    """Visie van ouders / mijn visie: each save is kept."""
    mine = selectors.my_views(participant=participant)
    form = ViewForm(request.POST or None, initial={"text": mine[0].text if mine else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_view_save(invitation=participant.invitation, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your view is saved. The school sees it in the growth document."))
            return redirect("parents:view", uuid=participant.pupil.uuid)
    return render(request, "cases/participation/view.html", _context(participant, form=form, history=mine))


@require_http_methods(["GET", "POST"])
@participant_page("opp")
def opp(request: HttpRequest, participant: Participant) -> HttpResponse:
    """Instemming met het handelingsdeel van het OPP (WPO art. 40a)."""
    status = selectors.opp_status(pupil=participant.pupil)
    if status.document is None or not status.document.has_opp:
        return render(request, "cases/participation/opp.html", _context(participant, status=status, form=None))
    form = OppAnswerForm(request.POST or None, initial={"seen_hash": status.current_hash})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.opp_answer(
                invitation=participant.invitation,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
                seen_hash=form.cleaned_data["seen_hash"],
                site_url=site_url(request),
            )
        except ValidationError as exc:
            status = selectors.opp_status(pupil=participant.pupil)  # the action part may have changed
            form = OppAnswerForm({**request.POST.dict(), "seen_hash": status.current_hash})
            form.is_valid()
            add_validation_errors(form, exc)
        else:
            if agreement.answer == "agree":
                messages.success(request, _("Thank you. You agree with the action part of the OPP."))
            else:
                messages.warning(request, _("Your answer is saved: you do not agree. The school will contact you."))
            return redirect("parents:opp", uuid=participant.pupil.uuid)
    mine = next((row for row in status.holders if row["guardian"] == participant.guardian), None)
    return render(request, "cases/participation/opp.html", _context(participant, status=status, form=form, mine=mine))


@require_GET
@participant_page("meetings")
def meetings(request: HttpRequest, participant: Participant) -> HttpResponse:
    return render(
        request,
        "cases/participation/meetings.html",
        _context(participant, meetings=participant_meetings(pupil=participant.pupil)),
    )


# --- Right of access (inzage) ----------------------------------------------------------------


@require_GET
@participant_page("access")
def access(request: HttpRequest, participant: Participant) -> HttpResponse:
    """Inzage in het dossier: ask for everything the school holds, see the requests and their
    answers, and which roles opened the file when."""
    page = selectors.access_page(participant=participant)
    return render(request, "cases/participation/access.html", _context(participant, page=page))


@require_POST
@participant_page("access_request")
def access_request(request: HttpRequest, participant: Participant) -> HttpResponse:
    page = selectors.access_page(participant=participant)
    if not page.may_request:
        raise Http404
    try:
        filed = services.participant_access_request(invitation=participant.invitation, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Thank you, your request has been sent to the school. "
                "The school answers it by %(due)s at the latest. The answer appears on this page."
            )
            % {"due": date_prose(filed.term_ends_on)},
        )
    return redirect("parents:access", uuid=participant.pupil.uuid)


def _answer_download(
    request: HttpRequest, participant: Participant, request_uuid: UUID, field: str, filename: str, content_type: str
) -> FileResponse:
    """The answer of a request this participant filed, for their own pupil only; anything else is
    a 404. Each download is logged against the pupil, with the guardian as actor."""
    found = selectors.participant_access_requests(participant=participant).filter(uuid=request_uuid).first()
    if found is None or not (stored := getattr(found, field)):
        audit.log_access(
            request,
            object_type=ObjectType.ACCESS_REQUEST,
            object_id=str(request_uuid),
            action="download",
            outcome="not_found",
            pupil_key=participant.pupil.uuid,
            guardian_key=participant.guardian.uuid if participant.guardian else None,
        )
        raise Http404
    audit.log_access(
        request,
        object_type=ObjectType.ACCESS_REQUEST,
        object_id=str(found.uuid),
        action="download",
        pupil_key=participant.pupil.uuid,
        guardian_key=participant.guardian.uuid if participant.guardian else None,
    )
    response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@participant_page("access_pdf")
def access_pdf(request: HttpRequest, participant: Participant, request_uuid: UUID) -> FileResponse:
    return _answer_download(request, participant, request_uuid, "answer_pdf", "inzage.pdf", "application/pdf")


@require_GET
@participant_page("access_zip")
def access_zip(request: HttpRequest, participant: Participant, request_uuid: UUID) -> FileResponse:
    return _answer_download(request, participant, request_uuid, "answer_zip", "inzage-bijlagen.zip", "application/zip")
