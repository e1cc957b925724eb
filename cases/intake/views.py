"""Views of the intake: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

import uuid as uuid_module
from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.casefile import selectors as casefile_selectors
from cases.casefile.models import Case
from cases.casefile.services import DuplicateOpenCase
from cases.intake import selectors, services
from cases.intake.access import get_intake_for_user
from cases.intake.forms import IntakeForm
from cases.intake.models import Intake
from cases.pupils import csv_import as csv_import
from cases.pupils.models import Pupil
from ot_portal.core.access import Perm, log_list, require, school_ids_with, school_permissions
from ot_portal.core.audit import ObjectType
from ot_portal.core.forms import add_validation_errors
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.listing import int_param, page_query, school_year_param, uuid_param
from ot_portal.core.locking import EditConflict, rebased_post
from ot_portal.core.models import User

#: Rows per page of the intake list.
INTAKE_PAGE_SIZE = 25


@login_required
def intake_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    may_draft = bool(school_ids_with(request.user, Perm.INTAKE_DRAFT))
    may_view = may_draft or bool(school_ids_with(request.user, Perm.INTAKE_VIEW_SUBMITTED))
    require(request, may_view, object_type=ObjectType.INTAKE, action="list")
    # ?school=<uuid>&year=<start year>[&month=<m>]: the rows behind the director's "intakes".
    intakes = selectors.intake_list_for_user(user=request.user)
    school_uuid, year = uuid_param(request, "school"), school_year_param(request)
    month = int_param(request, "month", low=1, high=12)
    if school_uuid is not None:
        intakes = intakes.filter(school__uuid=school_uuid)
    if year is not None:
        intakes = selectors.submitted_in(intakes, year, month=month)
    page = Paginator(intakes, INTAKE_PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, object_type=ObjectType.INTAKE, objects=page)
    return render(
        request,
        "cases/intake_list.html",
        {
            "page": page,
            "page_query": page_query(request),
            "year": year,
            "month_name": MONTHS[month] if month else "",
            "may_draft": may_draft,
        },
    )


def _intake_page(request: AuthenticatedHttpRequest, *, intake: Intake | None = None) -> HttpResponse:
    pupils = selectors.intake_pupils_for_user(user=request.user)
    chosen = _chosen_pupil(request, pupils, intake=intake)
    initial = {"pupil": chosen} if chosen and request.method == "GET" else {}
    submit = request.method == "POST" and "submit" in request.POST
    school = chosen.school if chosen else intake.school if intake else None
    if school is None:
        school = casefile_selectors.schools_with(user=request.user, permission=Perm.INTAKE_DRAFT).first()
    required = services.intake_required_fields(school=school) if school else list(services.INTAKE_ALWAYS_REQUIRED)
    # Every error in one pass: the fields needed to submit are checked with the form's own fields.
    form = IntakeForm(
        request.POST or None,
        instance=intake,
        initial=initial,
        user=request.user,
        required_on_submit=required if submit else (),
        marked_required=required,
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        pupil = form.cleaned_data["pupil"]
        perms = school_permissions(request.user, pupil.school_id)
        require(request, Perm.INTAKE_DRAFT in perms, object_type=ObjectType.INTAKE, action="edit", obj=pupil)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("pupil", "version")}
        base_version = form.cleaned_data.get("version") if intake is not None else None
        try:
            if submit:
                require(request, Perm.INTAKE_SUBMIT in perms, object_type=ObjectType.INTAKE, action="edit", obj=pupil)
                intake = services.intake_submit(
                    actor=request.user, pupil=pupil, data=data, intake=intake, base_version=base_version
                )
                messages.success(request, _("The intake was submitted and a case was opened."))
                assert intake.case is not None  # submitting opens the case
                return redirect("cases:case_detail", uuid=intake.case.uuid)
            intake = services.intake_save_draft(
                actor=request.user, pupil=pupil, data=data, intake=intake, base_version=base_version
            )
            messages.success(request, _("The draft was saved."))
            return redirect("cases:intake_edit", uuid=intake.uuid)
        except (services.DuplicateIntakeDraft, DuplicateOpenCase) as exc:
            # What was typed stays in the form; the page points to the existing draft or case.
            add_validation_errors(form, exc)
            duplicate = _duplicate_link(request.user, exc.existing)
        except EditConflict as exc:
            # Keep what was typed; the next save is against the version now in the database.
            form = IntakeForm(
                rebased_post(request.POST, cast(Intake, exc.current)),
                instance=intake,
                user=request.user,
                marked_required=required,
            )
            form.is_valid()
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            add_validation_errors(form, exc)
    may_submit = bool(school_ids_with(request.user, Perm.INTAKE_SUBMIT))
    # What is needed to submit comes first; the rest of the zorgformulier waits, folded, until the
    # user opens it (it opens itself once any of it is filled in or has an error).
    shown_first = ("parents_informed", *(name for name in required if name != "parents_informed"))
    more = [name for name in services.INTAKE_FIELDS if name not in shown_first]
    return render(
        request,
        "cases/intake_form.html",
        {
            "form": form,
            "intake": intake,
            "may_submit": may_submit,
            "duplicate": duplicate,
            "picker": {"chosen": chosen, "results": [], "query": ""},
            "needed_fields": [form[name] for name in shown_first if name in form.fields],
            "more_fields": [form[name] for name in more],
            "more_open": any(form[name].errors or form[name].value() not in (None, "", [], "None") for name in more),
        },
    )


def _chosen_pupil(request: HttpRequest, pupils: QuerySet[Pupil], *, intake: Intake | None) -> Pupil | None:
    """The pupil the picker shows as chosen: the one posted, the one the page was opened for
    (?pupil=<uuid>, from the pupil's page or the picker without JavaScript), or the draft's."""
    wanted = request.POST.get("pupil") if request.method == "POST" else request.GET.get("pupil")
    if wanted and _is_uuid(wanted):
        found = pupils.filter(uuid=wanted).first()
        if found or request.method == "POST":
            return found
    if intake is None:
        return None
    return pupils.filter(pk=intake.pupil_id).first() or intake.pupil


def _duplicate_link(user: User, existing: Intake | Case) -> dict[str, str]:
    """Where the existing draft or case can be opened, when this user may open it."""
    if isinstance(existing, Intake):
        text, name = _("Open the existing draft"), "cases:intake_edit"
        visible = selectors.intake_list_for_user(user=user).filter(pk=existing.pk).exists()
    else:
        text, name = _("Open the existing case"), "cases:case_detail"
        visible = casefile_selectors.case_list_for_user(user=user).filter(pk=existing.pk).exists()
    return {"url": reverse(name, kwargs={"uuid": existing.uuid}) if visible else "", "text": text}


def _is_uuid(value: str) -> bool:
    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def intake_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(
        request, bool(school_ids_with(request.user, Perm.INTAKE_DRAFT)), object_type=ObjectType.INTAKE, action="edit"
    )
    # The page may show the chosen pupil's name.
    log_list(request, object_type=ObjectType.PUPIL)
    return _intake_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def intake_edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    intake = get_intake_for_user(request, uuid, action="edit")
    if intake.case is not None:  # read with the intake
        return redirect("cases:case_detail", uuid=intake.case.uuid)
    return _intake_page(request, intake=intake)


@login_required
@require_http_methods(["GET"])
def intake_pupil_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The intake's pupil picker: pupils matching ?q= (name, number or group) among those the user
    may register. For htmx the result radios of the picker; without JavaScript a page of its own
    whose results each open the intake for that pupil. The query is a search term, so it travels
    in the query string only (never in the path, and the access log records no query)."""
    require(
        request, bool(school_ids_with(request.user, Perm.INTAKE_DRAFT)), object_type=ObjectType.INTAKE, action="edit"
    )
    query = request.GET.get("q", "").strip()[:100]
    pupils = selectors.intake_pupils_for_user(user=request.user)
    wanted = request.GET.get("pupil", "")
    chosen = pupils.filter(uuid=wanted).first() if _is_uuid(wanted) else None
    results, more = selectors.intake_pupil_matches(user=request.user, query=query)
    if chosen is not None:
        results = [p for p in results if p.pk != chosen.pk]
    log_list(request, object_type=ObjectType.PUPIL)
    picker = {"chosen": chosen, "results": results, "more": more, "query": query, "searched": bool(query)}
    if request.htmx:
        return render(request, "cases/_pupil_results.html", {"picker": picker})
    intake = None
    if _is_uuid(request.GET.get("intake", "")):
        intake = selectors.intake_list_for_user(user=request.user).filter(uuid=request.GET["intake"]).first()
    return render(request, "cases/intake_pupil_search.html", {"picker": picker, "intake": intake})
