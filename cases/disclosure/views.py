"""Views of the right of access: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.disclosure import selectors, services
from cases.disclosure.access import get_access_request_for_user, get_pupil_for_access_log
from cases.disclosure.forms import AccessLogFilterForm, AccessRequestForm, ExtensionForm
from cases.disclosure.models import AccessRequest
from cases.pupils.access import get_pupil_for_user
from ot_portal.core.access import Perm, school_permissions
from ot_portal.core.formats import date_table, datetime_table
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.models import AccessLog
from ot_portal.core.spreadsheet import SafeCsvWriter

LOG_PAGE_SIZE = 50
#: The export holds at most this many rows (a year of a busy file is far below it).
LOG_EXPORT_ROWS = 20000


def _describe(row: AccessLog, school_id: int) -> dict[str, Any]:
    return {
        "at": row.at,
        "who": row.user.full_name if row.user is not None else (_("parent/guardian") if row.guardian_key else "—"),
        "role": selectors.role_labels(row.roles, school_id=school_id),
        "what": selectors.object_label(row.object_type),
        "action": row.get_action_display(),
        "outcome": row.get_outcome_display(),
        "refused": row.outcome != "allowed",
    }


@login_required
@require_GET
def pupil_access_log(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Wie heeft dit dossier ingezien: every access to the pupil's file, refusals included."""
    export = request.GET.get("format") == "csv"
    pupil = get_pupil_for_access_log(request, uuid, action="export" if export else "view")
    form = AccessLogFilterForm(request.GET or None, people=selectors.access_log_people(pupil=pupil))
    rows = selectors.access_log_for_pupil(pupil=pupil, filters=form.filters())
    if export:
        writer = SafeCsvWriter()
        writer.writerow([_("When"), _("Who"), _("Role"), _("What"), _("Kind"), _("Outcome")])
        for row in rows[:LOG_EXPORT_ROWS]:
            d = _describe(row, pupil.school_id)
            writer.writerow(
                [
                    datetime_table(d["at"]),
                    d["who"],
                    d["role"],
                    d["what"],
                    d["action"],
                    d["outcome"],
                ]
            )
        return writer.response("inzagelog.csv")
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/access_log.html",
        {
            "pupil": pupil,
            "form": form,
            "page": page,
            "entries": [_describe(row, pupil.school_id) for row in page],
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def access_request_new(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Record an inzageverzoek that came by letter, e-mail or in person."""
    pupil = get_pupil_for_user(request, uuid, action="access_request")
    form = AccessRequestForm(request.POST or None, pupil=pupil, guardians=selectors.authorised_guardians(pupil))
    if request.method == "POST" and form.is_valid():
        try:
            access_request = services.file_access_request(
                pupil,
                **form.requester_kwargs(),
                via=form.cleaned_data["via"],
                received_on=form.cleaned_data["received_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("The access request was recorded. The answer is due on %(date)s.")
                % {"date": date_table(access_request.due_on)},
            )
            return redirect("cases:access_request_detail", uuid=access_request.uuid)
    return render(request, "cases/access_request_form.html", {"pupil": pupil, "form": form})


def _detail_page(
    request: AuthenticatedHttpRequest,
    access_request: AccessRequest,
    *,
    extension_form: ExtensionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = selectors.disclosure_document(access_request=access_request)
    context |= {
        "extension_form": extension_form or ExtensionForm(),
        "can_see_pupil": Perm.PUPIL_VIEW_ALL in school_permissions(request.user, access_request.pupil.school_id),
        "can_see_log": Perm.ACCESS_LOG_VIEW in school_permissions(request.user, access_request.pupil.school_id),
        "overdue": access_request.is_overdue_on(timezone.localdate()),
        "other_requests": list(
            selectors.access_requests_for_user(user=request.user)
            .filter(pupil_id=access_request.pupil_id)
            .exclude(pk=access_request.pk)
        ),
    }
    return render(request, "cases/access_request_detail.html", context, status=status)


@login_required
@require_GET
def access_request_detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The request, its term, and the answer as it will be produced (the same document as the PDF)."""
    return _detail_page(request, get_access_request_for_user(request, uuid))


@login_required
@require_POST
def access_request_extend(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    access_request = get_access_request_for_user(request, uuid, action="edit")
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access_request, extension_form=form)
    with service_messages(request, success=_("The term was extended. Tell the requester why.")):
        services.access_request_extend(actor=request.user, access_request=access_request, **form.cleaned_data)
    return redirect("cases:access_request_detail", uuid=access_request.uuid)


@login_required
@require_POST
def access_request_produce(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    access_request = get_access_request_for_user(request, uuid, action="edit")
    with service_messages(request, success=_("The answer was put together. Download it below.")):
        services.access_request_produce(actor=request.user, access_request=access_request, request=request)
    return redirect("cases:access_request_detail", uuid=access_request.uuid)


def _download(
    request: AuthenticatedHttpRequest, uuid: UUID, field: str, filename: str, content_type: str
) -> FileResponse:
    access_request = get_access_request_for_user(request, uuid, action="download")
    stored = getattr(access_request, field)
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def access_request_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> FileResponse:
    return _download(request, uuid, "answer_pdf", "inzage.pdf", "application/pdf")


@login_required
@require_GET
def access_request_zip(request: AuthenticatedHttpRequest, uuid: UUID) -> FileResponse:
    return _download(request, uuid, "answer_zip", "inzage-bijlagen.zip", "application/zip")
