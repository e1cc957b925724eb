"""Views of the case file: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from collections.abc import Callable
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
from django.views.decorators.http import require_POST

from cases.actions.forms import ActionForm, ActionStatusForm
from cases.casefile import selectors, services
from cases.casefile.access import case_allows, get_attachment_for_user, get_case_for_user
from cases.casefile.forms import (
    AttachmentForm,
    CareLevelForm,
    CaseNoteForm,
    InterventionEvaluationForm,
    InterventionForm,
    RegieForm,
    StatusChangeForm,
)
from cases.casefile.models import Case, CaseStatus
from cases.casefile.panels import case_panels
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent import services as consent_services
from cases.consent.models import ConsentState
from cases.pupils import csv_import as csv_import
from cases.pupils.selectors import pupil_visible_to
from ot_portal.core.access import Perm, log_list, school_permissions
from ot_portal.core.audit import ObjectType
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.listing import choice_param, page_query, uuid_param


@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if status not in (*CaseStatus.values, selectors.OPEN_FILTER):
        status = ""
    consent = choice_param(request, "consent", ConsentState.values)
    school_uuid = uuid_param(request, "school")
    cases = selectors.case_search(
        user=request.user, query=query, status=status, school_uuid=school_uuid, consent=consent
    )
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    log_list(request, object_type=ObjectType.CASE, objects=page)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "page_query": page_query(request),
            "query": query,
            "status": status,
            "statuses": [(selectors.OPEN_FILTER, _("All open cases")), *CaseStatus.choices],
            "consent": consent,
            "consent_states": ConsentState.choices,
            "school_uuid": school_uuid,
            "today": timezone.localdate(),
        },
    )


def _case_page(request: AuthenticatedHttpRequest, case: Case, *, status: int = 200, **forms: Any) -> HttpResponse:
    perms = school_permissions(request.user, case.school_id)
    can_write = case_allows(request.user, case, "write")
    can_manage = Perm.CASE_MANAGE in perms
    context: dict[str, Any] = {
        "case": case,
        "can_write": can_write,
        "can_manage": can_manage,
        "can_edit_growth": Perm.GROWTH_DOC_EDIT in perms,
        "today": timezone.localdate(),
        **selectors.case_page_data(case=case, user=request.user),
    }
    context["can_consent"] = Perm.CONSENT_RECORD in perms
    # Externals see the case under consent, not the pupil's file (and so not the consent history).
    context["can_see_pupil"] = bool({Perm.PUPIL_VIEW_ALL, Perm.PUPIL_VIEW_OWN_GROUPS} & perms)
    # The case as the hub: one click to the pupil, consent, groeidocument, documents, and (from the
    # panels meetings and clo register) the meetings and the CLO request.
    context["hub"] = {
        "pupil_visible": pupil_visible_to(user=request.user, pupil=case.pupil),
        "may_record_consent": Perm.CONSENT_RECORD in perms,
        "is_open": case.status in OPEN_STATUSES,
        "may_see_access_log": Perm.ACCESS_LOG_VIEW in perms,
        "panels": case_panels(request, case),
    }
    # The regie form and the action form offer the same people: read them once.
    candidates = list(selectors.regie_candidates(case=case)) if (can_manage or can_write) else None
    if can_manage:
        context["status_form"] = forms.get("status_form") or StatusChangeForm(case=case)
        context["care_level_form"] = forms.get("care_level_form") or CareLevelForm(
            initial={"care_level": case.care_level}
        )
        context["regie_form"] = forms.get("regie_form") or RegieForm(case=case, candidates=candidates)
    if can_write:
        context["note_form"] = forms.get("note_form") or CaseNoteForm(initial={"occurred_on": timezone.localdate()})
        context["action_form"] = forms.get("action_form") or ActionForm(case=case, candidates=candidates)
        context["intervention_form"] = forms.get("intervention_form") or InterventionForm(
            initial={"starts_on": timezone.localdate()}
        )
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
    # Each open action with its "finish" form, each intervention not yet evaluated with its form.
    context["action_rows"] = [
        (a, ActionStatusForm.to_finish(a) if can_write and a.is_open else None) for a in context["actions"]
    ]
    context["intervention_rows"] = [
        (i, InterventionEvaluationForm.for_intervention(i) if can_write and not i.evaluation else None)
        for i in context["interventions"]
    ]
    context["open_form"] = next(iter(forms), "")
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    case = get_case_for_user(request, uuid, annotate=consent_services.read_check_annotations())
    # Expired grants, ended memberships and a regie holder without access are repaired on read.
    consent_services.case_read_check(case=case)
    return _case_page(request, case)


def _case_form_view(
    request: AuthenticatedHttpRequest,
    uuid: UUID,
    *,
    action: str,
    form_name: str,
    make_form: Callable[..., Any],
    run: Callable[..., object],
    done_message: str,
) -> HttpResponse:
    case = get_case_for_user(request, uuid, action=action)
    form = make_form(case, request.POST, request.FILES)
    if form.is_valid():
        try:
            run(case, form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect("cases:case_detail", uuid=case.uuid)
    return _case_page(request, case, status=200, **{form_name: form})


@login_required
@require_POST
def case_status(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="manage",
        form_name="status_form",
        make_form=lambda case, data, files: StatusChangeForm(data, case=case),
        run=lambda case, d: services.case_change_status(
            actor=request.user, case=case, to_status=d["to_status"], reason=d["reason"], outcome=d["outcome"]
        ),
        done_message=_("The status was changed."),
    )


@login_required
@require_POST
def case_care_level(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="manage",
        form_name="care_level_form",
        make_form=lambda case, data, files: CareLevelForm(data),
        run=lambda case, d: services.case_set_care_level(actor=request.user, case=case, care_level=d["care_level"]),
        done_message=_("The care level was changed."),
    )


@login_required
@require_POST
def case_regie(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="manage",
        form_name="regie_form",
        make_form=lambda case, data, files: RegieForm(data, case=case),
        run=lambda case, d: services.case_handover_regie(
            actor=request.user, case=case, to_holder=d["to_lead"], note=d["note"]
        ),
        done_message=_("Regie was handed over."),
    )


@login_required
@require_POST
def case_note_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="write",
        form_name="note_form",
        make_form=lambda case, data, files: CaseNoteForm(data),
        run=lambda case, d: services.case_note_add(actor=request.user, case=case, **d),
        done_message=_("The consultation was saved."),
    )


@login_required
@require_POST
def intervention_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="write",
        form_name="intervention_form",
        make_form=lambda case, data, files: InterventionForm(data),
        run=lambda case, d: services.intervention_create(actor=request.user, case=case, **d),
        done_message=_("The intervention was saved."),
    )


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    return _case_form_view(
        request,
        uuid,
        action="write",
        form_name="attachment_form",
        make_form=lambda case, data, files: AttachmentForm(data, files),
        run=lambda case, d: services.attachment_add(
            actor=request.user,
            case=case,
            upload=d["file"],
            description=d["description"],
            is_third_party_report=d["is_third_party_report"],
        ),
        done_message=_("The document was added."),
    )


@login_required
@require_POST
def intervention_evaluate(request: AuthenticatedHttpRequest, uuid: UUID, intervention_uuid: UUID) -> HttpResponse:
    case = get_case_for_user(request, uuid, action="write")
    intervention = selectors.intervention_of_case(case=case, intervention_uuid=intervention_uuid)
    if intervention is None:
        raise Http404
    form = InterventionEvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.intervention_evaluate(actor=request.user, intervention=intervention, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect("cases:case_detail", uuid=case.uuid)
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("cases:case_detail", uuid=case.uuid)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, uuid: UUID) -> FileResponse:
    attachment = get_attachment_for_user(request, uuid)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
