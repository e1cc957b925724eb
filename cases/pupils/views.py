"""Views of pupils: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.casefile import selectors as casefile_selectors
from cases.consent import selectors as consent_selectors
from cases.intake import selectors as intake_selectors
from cases.pupils import csv_import as csv_import
from cases.pupils import selectors, services
from cases.pupils.access import get_pupil_for_user
from cases.pupils.forms import GuardianFormSet, PupilForm, PupilImportForm, PupilLeftForm
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import Perm, log_list, require, school_permissions
from ot_portal.core.audit import ObjectType
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.listing import page_query
from ot_portal.core.models import School, User


def _manageable_schools(user: User) -> QuerySet[School]:
    return casefile_selectors.schools_with(user=user, permission=Perm.PUPIL_MANAGE)


@login_required
def pupil_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    include_left = request.GET.get("left") == "1"
    page = Paginator(selectors.pupil_search(user=request.user, query=query, include_left=include_left), 30).get_page(
        request.GET.get("page")
    )
    log_list(request, object_type=ObjectType.PUPIL, objects=page)
    return render(
        request,
        "cases/pupil_list.html",
        {
            "page": page,
            "page_query": page_query(request),
            "query": query,
            "include_left": include_left,
            "can_manage": _manageable_schools(request.user).exists(),
        },
    )


def _school_from_request(request: AuthenticatedHttpRequest) -> tuple[School, list[School]]:
    schools = list(_manageable_schools(request.user))
    require(request, bool(schools), object_type=ObjectType.PUPIL, action="edit")
    wanted = request.GET.get("school") or request.POST.get("school")
    return next((s for s in schools if str(s.uuid) == wanted), schools[0]), schools


@login_required
@require_http_methods(["GET", "POST"])
def pupil_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    school, schools = _school_from_request(request)
    form = PupilForm(request.POST or None, school=school)
    formset = GuardianFormSet(request.POST or None, instance=Pupil(school=school), prefix="guardians")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "group"}
        try:
            pupil = services.pupil_save(
                actor=request.user,
                school=school,
                data=data,
                group=form.cleaned_data["group"],
                guardians=_guardian_rows(formset),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The pupil was added."))
            return redirect("cases:pupil_detail", uuid=pupil.uuid)
    return render(
        request, "cases/pupil_form.html", {"form": form, "formset": formset, "school": school, "schools": schools}
    )


def _guardian_rows(
    formset: BaseInlineFormSet[Guardian, Pupil, Any],
) -> list[tuple[Guardian | None, dict[str, Any]]]:
    """(existing guardian or None, data) for every filled-in guardian form."""
    return [
        (sub.instance if sub.instance.pk else None, sub.cleaned_data)
        for sub in formset.forms
        if sub.has_changed() and sub.cleaned_data.get("name")
    ]


@login_required
def pupil_detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_pupil_for_user(request, uuid)
    perms = school_permissions(request.user, pupil.school_id)
    return render(
        request,
        "cases/pupil_detail.html",
        {
            "pupil": pupil,
            "group": selectors.current_group(pupil),
            "teachers": selectors.class_teachers(pupil=pupil),
            "guardians": list(pupil.guardians.all()),
            "scope": consent_selectors.consent_scope(pupil=pupil),
            "cases": casefile_selectors.case_list_for_user(user=request.user).filter(pupil=pupil),
            "intakes": intake_selectors.intake_list_for_user(user=request.user).filter(pupil=pupil),
            "can_manage": Perm.PUPIL_MANAGE in perms,
            "can_consent": Perm.CONSENT_RECORD in perms,
            "can_intake": Perm.INTAKE_DRAFT in perms,
            "can_see_access_log": Perm.ACCESS_LOG_VIEW in perms,
            "can_handle_access_requests": Perm.ACCESS_REQUEST_HANDLE in perms,
            "access_requests": list(pupil.access_requests.all()) if Perm.ACCESS_REQUEST_HANDLE in perms else [],
            "can_invite": Perm.PARTICIPATION_INVITE in perms,
            "left_form": PupilLeftForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_pupil_for_user(request, uuid, action="manage")
    group = selectors.current_group(pupil)
    form = PupilForm(request.POST or None, instance=pupil, school=pupil.school, initial={"group": group})
    formset = GuardianFormSet(request.POST or None, instance=pupil, prefix="guardians")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "group"}
        try:
            services.pupil_save(
                actor=request.user,
                school=pupil.school,
                data=data,
                group=form.cleaned_data["group"],
                pupil=pupil,
                guardians=_guardian_rows(formset),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The pupil was saved."))
            return redirect("cases:pupil_detail", uuid=pupil.uuid)
    return render(request, "cases/pupil_form.html", {"form": form, "formset": formset, "pupil": pupil})


@login_required
@require_POST
def pupil_left(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_pupil_for_user(request, uuid, action="manage")
    form = PupilLeftForm(request.POST)
    if form.is_valid():
        with service_messages(request, success=_("The pupil is marked as left.")):
            services.pupil_mark_left(actor=request.user, pupil=pupil, left_on=form.cleaned_data["left_on"])
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("cases:pupil_detail", uuid=pupil.uuid)


IMPORT_SESSION_KEY = "cases_pupil_import"


@login_required
@require_http_methods(["GET", "POST"])
def pupil_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    school, schools = _school_from_request(request)
    form = PupilImportForm()
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored or stored.get("school") != str(school.uuid):
            messages.error(request, _("Upload the file again; the preview has expired."))
            return redirect("cases:pupil_import")
        preview = csv_import.parse(stored["text"], school=school)
        try:
            created, updated = csv_import.apply(actor=request.user, school=school, preview=preview)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("Import done: %(created)s new pupils, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect("cases:pupil_list")
    elif request.method == "POST":
        form = PupilImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = csv_import.decode(form.cleaned_data["file"].read(csv_import.MAX_BYTES + 1))
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                preview = csv_import.parse(text, school=school)
                if not preview.has_errors:
                    request.session[IMPORT_SESSION_KEY] = {"school": str(school.uuid), "text": text}
    return render(
        request,
        "cases/pupil_import.html",
        {
            "form": form,
            "preview": preview,
            "school": school,
            "schools": schools,
            "columns": csv_import.REQUIRED_COLUMNS + csv_import.OPTIONAL_COLUMNS,
            "required_columns": csv_import.REQUIRED_COLUMNS,
        },
    )
