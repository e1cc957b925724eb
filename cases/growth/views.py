"""Views of the groeidocument: thin. Fetch through an access helper, bind a form, call a
service."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.casefile import selectors as casefile_selectors
from cases.growth import selectors, services
from cases.growth.access import get_growth_pupil_for_user
from cases.growth.forms import GoalEvaluationForm, GrowthDocumentForm, GrowthGoalForm
from cases.growth.models import GrowthDocument
from cases.participation import selectors as participation_selectors
from cases.pupils import csv_import as csv_import
from cases.pupils import selectors as pupils_selectors
from cases.pupils.models import Pupil
from ot_portal.core.access import Perm, school_permissions
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.locking import EditConflict, rebased_post
from ot_portal.core.pdf import pdf_response, render_to_pdf


def _growth_context(request: AuthenticatedHttpRequest, pupil: Pupil, **extra: Any) -> dict[str, Any]:
    document = selectors.growth_document_for(pupil=pupil)
    perms = school_permissions(request.user, pupil.school_id)
    goals = list(selectors.growth_goals(document=document))
    for goal in goals:
        goal.evaluation_form = GoalEvaluationForm.for_goal(goal, initial={"evaluated_on": timezone.localdate()})
    context = {
        "pupil": pupil,
        "group": pupils_selectors.current_group(pupil),
        "document": document,
        "goals": goals,
        "history": selectors.growth_history(document=document),
        "document_fields": [(label, value) for _n, label, value in selectors.growth_document_fields(document=document)],
        "interventions": selectors.interventions_for_pupil(user=request.user, pupil=pupil),
        "cases": casefile_selectors.cases_of_pupil_for_user(user=request.user, pupil=pupil),
        "pupil_visible": pupils_selectors.pupil_list_for_user(user=request.user).filter(pk=pupil.pk).exists(),
        "can_edit": Perm.GROWTH_DOC_EDIT in perms,
        "can_export": Perm.GROWTH_DOC_EXPORT in perms,
        "can_invite": Perm.PARTICIPATION_INVITE in perms,
        "participant_views": participation_selectors.latest_views(pupil=pupil),
        "opp": participation_selectors.opp_status(pupil=pupil),
        "goal_form": GrowthGoalForm(),
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def growth_document(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_growth_pupil_for_user(request, uuid, action="edit" if request.method == "POST" else "view")
    document = selectors.growth_document_for(pupil=pupil)
    base = {"version": document.version if document else 0}
    conflict = None
    if request.method == "POST":
        form = GrowthDocumentForm(request.POST, instance=document or GrowthDocument(pupil=pupil))
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in GrowthDocument.TRACKED_FIELDS}
            try:
                services.growth_document_save(
                    actor=request.user, pupil=pupil, data=data, base_version=form.cleaned_data["version"]
                )
            except EditConflict as exc:
                conflict = exc
                current = cast(GrowthDocument, exc.current)  # check_version names the document
                form = GrowthDocumentForm(rebased_post(request.POST, current), instance=current)
                form.is_valid()
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The growth document was saved."))
                return redirect("cases:growth_document", uuid=pupil.uuid)
        status = 409 if conflict else 200
    else:
        form = GrowthDocumentForm(instance=document, initial=base)
        status = 200
    context = _growth_context(request, pupil, form=form, conflict=conflict)
    context["conflict_changes"] = _conflict_rows(conflict) if conflict else []
    return render(request, "cases/growth_document.html", context, status=status)


def _conflict_rows(conflict: EditConflict) -> list[dict[str, Any]]:
    labels = {f.name: f.verbose_name for f in GrowthDocument._meta.fields}
    return [
        {
            "field": labels.get(c.field, c.field),
            "old": c.old_value,
            "new": c.new_value,
            "by": c.changed_by,
            "at": c.changed_at,
        }
        for c in conflict.changes
    ]


@login_required
@require_POST
def growth_goal_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_growth_pupil_for_user(request, uuid, action="edit")
    form = GrowthGoalForm(request.POST)
    if form.is_valid():
        try:
            services.growth_goal_add(actor=request.user, pupil=pupil, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The goal was added."))
            return redirect("cases:growth_document", uuid=pupil.uuid)
    document = selectors.growth_document_for(pupil=pupil)
    context = _growth_context(
        request,
        pupil,
        form=GrowthDocumentForm(instance=document, initial={"version": document.version if document else 0}),
        goal_form=form,
    )
    return render(request, "cases/growth_document.html", context)


@login_required
@require_POST
def growth_goal_evaluate(request: AuthenticatedHttpRequest, uuid: UUID, goal_uuid: UUID) -> HttpResponse:
    pupil = get_growth_pupil_for_user(request, uuid, action="edit")
    goal = selectors.growth_goal_of_pupil(pupil=pupil, goal_uuid=goal_uuid)
    if goal is None:
        raise Http404
    form = GoalEvaluationForm.for_goal(goal, request.POST)
    if form.is_valid():
        with service_messages(request, success=_("The evaluation was saved.")):
            services.growth_goal_evaluate(actor=request.user, goal=goal, **form.cleaned_data)
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect("cases:growth_document", uuid=pupil.uuid)


@login_required
def growth_document_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_growth_pupil_for_user(request, uuid, action="export")
    context = selectors.growth_document_export_context(user=request.user, pupil=pupil)
    context["participant_views"] = participation_selectors.latest_views(pupil=pupil)
    context["opp"] = participation_selectors.opp_status(pupil=pupil)
    _html, pdf = render_to_pdf("cases/pdf/growth_document.html", context, request=request)
    response = pdf_response(pdf, "groeidocument.pdf")
    response["Cache-Control"] = "no-store"
    return response
