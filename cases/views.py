"""Views of the cases app: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import pupil_import as csv_import
from cases import selectors, services
from cases.access import (
    case_allows,
    get_action_for_user,
    get_attachment_for_user,
    get_case_for_user,
    get_consent_for_user,
    get_growth_pupil_for_user,
    get_intake_for_user,
    get_pupil_for_user,
)
from cases.forms import (
    ActionEditForm,
    ActionForm,
    ActionStatusForm,
    AttachmentForm,
    CareLevelForm,
    CaseNoteForm,
    ConsentForm,
    ConsentWithdrawForm,
    GoalEvaluationForm,
    GrowthDocumentForm,
    GrowthGoalForm,
    GuardianFormSet,
    IntakeForm,
    InterventionEvaluationForm,
    InterventionForm,
    LeadForm,
    PupilForm,
    PupilImportForm,
    PupilLeftForm,
    StatusChangeForm,
)
from cases.models import ActionStatus, CaseStatus, GrowthDocument, Pupil
from ot_portal.core.access import P, log_list, require, school_ids_with, school_permissions
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.pdf import pdf_response, render_to_pdf

# --- Cases ---------------------------------------------------------------------------------------


@login_required
def case_list(request):
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    page = Paginator(selectors.case_search(user=request.user, query=query, status=status), 25).get_page(
        request.GET.get("page")
    )
    log_list(request, object_type="case")
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "query": query, "status": status, "statuses": CaseStatus.choices, "today": timezone.localdate()},
    )


def _case_page(request, case, *, status=200, **forms):
    perms = school_permissions(request.user, case.school_id)
    can_write = case_allows(request.user, case, "write")
    can_manage = P.CASE_MANAGE in perms
    context = {
        "case": case,
        "can_write": can_write,
        "can_manage": can_manage,
        "can_edit_growth": P.GROWTH_DOC_EDIT in perms,
        "today": timezone.localdate(),
        **selectors.case_page_data(case=case),
    }
    context["consent_missing"] = selectors.consent_missing_holders(consent=context["consent"])
    if can_manage:
        context["status_form"] = forms.get("status_form") or StatusChangeForm(case=case)
        context["care_level_form"] = forms.get("care_level_form") or CareLevelForm(
            initial={"care_level": case.care_level}
        )
        context["lead_form"] = forms.get("lead_form") or LeadForm(case=case)
    if can_write:
        context["note_form"] = forms.get("note_form") or CaseNoteForm(initial={"occurred_on": timezone.localdate()})
        context["action_form"] = forms.get("action_form") or ActionForm(case=case)
        context["intervention_form"] = forms.get("intervention_form") or InterventionForm(
            initial={"starts_on": timezone.localdate()}
        )
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
    context["open_form"] = next(iter(forms), "")
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request, uuid):
    case = get_case_for_user(request, uuid)
    return _case_page(request, case)


def _case_form_view(request, uuid, *, action, form_name, make_form, run, done_message):
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
def case_status(request, uuid):
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
def case_care_level(request, uuid):
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
def case_lead(request, uuid):
    return _case_form_view(
        request,
        uuid,
        action="manage",
        form_name="lead_form",
        make_form=lambda case, data, files: LeadForm(data, case=case),
        run=lambda case, d: services.case_handover_lead(
            actor=request.user, case=case, to_lead=d["to_lead"], note=d["note"]
        ),
        done_message=_("Regie was handed over."),
    )


@login_required
@require_POST
def case_note_add(request, uuid):
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
def intervention_add(request, uuid):
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
def action_add(request, uuid):
    return _case_form_view(
        request,
        uuid,
        action="write",
        form_name="action_form",
        make_form=lambda case, data, files: ActionForm(data, case=case),
        run=lambda case, d: services.action_create(actor=request.user, case=case, **d),
        done_message=_("The action was saved."),
    )


@login_required
@require_POST
def attachment_add(request, uuid):
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
def action_update(request, uuid, action_uuid):
    case = get_case_for_user(request, uuid, action="write")
    action = selectors.action_of_case(case=case, action_uuid=action_uuid)
    if action is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        with service_messages(request, success=_("The action was updated.")):
            services.action_complete(actor=request.user, action=action, **form.cleaned_data)
    else:
        messages.error(request, _("The action could not be updated: check the date and the result."))
    return redirect("cases:case_detail", uuid=case.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, uuid):
    """Change an open action (what, due date, owner); a stale form is refused and keeps its input."""
    action = get_action_for_user(request, uuid, action="write")
    case = action.case
    conflict_rows = []
    status = 200
    if action.status != ActionStatus.OPEN:
        messages.error(request, _("Only an open action can be changed."))
        return redirect("cases:case_detail", uuid=case.uuid)
    if request.method == "POST":
        form = ActionEditForm(request.POST, action=action)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ActionEditForm.TRACKED}
            try:
                services.action_update(
                    actor=request.user, action=action, base_version=form.cleaned_data["version"], **data
                )
            except services.ActionConflict as exc:
                conflict_rows = _action_conflict_rows(form, exc.action)
                # Keep what this user typed; move the version and the "as seen" values forward so a
                # second save (after reading the other person's changes) goes through.
                post = request.POST.copy()
                post["version"] = exc.action.version
                for name in ActionEditForm.TRACKED:
                    value = getattr(exc.action, f"{name}_id" if name == "owner" else name)
                    post[form.add_initial_prefix(name)] = "" if value is None else str(value)
                form = ActionEditForm(post, action=exc.action)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else changed this action while you were editing. Your input is kept below; "
                        "check their changes and save again."
                    ),
                )
                status = 409
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The action was changed."))
                return redirect("cases:case_detail", uuid=case.uuid)
    else:
        initial = {k: getattr(action, k) for k in ActionEditForm.TRACKED}
        form = ActionEditForm(initial={**initial, "version": action.version}, action=action)
    context = {
        "case": case,
        "action": action,
        "form": form,
        "conflict_rows": conflict_rows,
        "last_change": selectors.action_last_change(action=action) if conflict_rows else None,
    }
    return render(request, "cases/action_edit.html", context, status=status)


def _action_conflict_rows(form, current) -> list[dict]:
    """What someone else changed since this form was opened: (field, was, now), field by field."""

    def text(value) -> str:
        if value in (None, ""):
            return "—"
        if hasattr(value, "full_name"):
            return value.full_name
        if hasattr(value, "strftime"):
            return f"{value:%d-%m-%Y}"
        return str(value)

    rows = []
    for name in ActionEditForm.TRACKED:
        seen, now = form.seen_value(name), getattr(current, name)
        if (seen or None) != (now or None):
            rows.append({"field": form.fields[name].label, "old": text(seen), "new": text(now)})
    return rows


@login_required
@require_POST
def intervention_evaluate(request, uuid, intervention_uuid):
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
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect("cases:case_detail", uuid=case.uuid)


@login_required
def attachment_download(request, uuid):
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


# --- Pupils --------------------------------------------------------------------------------------


def _manageable_schools(user):
    return selectors.schools_with(user=user, permission=P.PUPIL_MANAGE)


@login_required
def pupil_list(request):
    query = request.GET.get("q", "").strip()[:100]
    include_left = request.GET.get("left") == "1"
    page = Paginator(selectors.pupil_search(user=request.user, query=query, include_left=include_left), 30).get_page(
        request.GET.get("page")
    )
    log_list(request, object_type="pupil")
    return render(
        request,
        "cases/pupil_list.html",
        {
            "page": page,
            "query": query,
            "include_left": include_left,
            "can_manage": _manageable_schools(request.user).exists(),
        },
    )


def _school_from_request(request):
    schools = list(_manageable_schools(request.user))
    require(request, bool(schools), object_type="pupil", action="edit")
    wanted = request.GET.get("school") or request.POST.get("school")
    return next((s for s in schools if str(s.uuid) == wanted), schools[0]), schools


@login_required
@require_http_methods(["GET", "POST"])
def pupil_create(request):
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


def _guardian_rows(formset) -> list[tuple]:
    """(existing guardian or None, data) for every filled-in guardian form."""
    return [
        (sub.instance if sub.instance.pk else None, sub.cleaned_data)
        for sub in formset.forms
        if sub.has_changed() and sub.cleaned_data.get("name")
    ]


@login_required
def pupil_detail(request, uuid):
    pupil = get_pupil_for_user(request, uuid)
    perms = school_permissions(request.user, pupil.school_id)
    consents = selectors.consents_for_pupil(pupil=pupil)
    for consent in consents:
        consent.missing = services.consent_missing_authority_holders(consent) if consent.is_in_force() else []
    return render(
        request,
        "cases/pupil_detail.html",
        {
            "pupil": pupil,
            "group": selectors.current_group(pupil),
            "teachers": selectors.class_teachers(pupil=pupil),
            "guardians": list(pupil.guardians.all()),
            "consents": consents,
            "cases": selectors.case_list_for_user(user=request.user).filter(pupil=pupil),
            "intakes": selectors.intake_list_for_user(user=request.user).filter(pupil=pupil),
            "can_manage": P.PUPIL_MANAGE in perms,
            "can_consent": P.CONSENT_RECORD in perms,
            "can_intake": P.INTAKE_DRAFT in perms,
            "left_form": PupilLeftForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_edit(request, uuid):
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
def pupil_left(request, uuid):
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
def pupil_import(request):
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


# --- Consent ---------------------------------------------------------------------------------------


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
    from cases.models import CONSENT_DISCIPLINES

    _html, pdf = render_to_pdf(
        "cases/pdf/consent_form.html",
        {
            "pupil": pupil,
            "group": selectors.current_group(pupil),
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


# --- Intake ---------------------------------------------------------------------------------------


@login_required
def intake_list(request):
    require(request, bool(school_ids_with(request.user, P.INTAKE_DRAFT).exists()), object_type="intake", action="list")
    log_list(request, object_type="intake")
    return render(
        request, "cases/intake_list.html", {"intakes": selectors.intake_list_for_user(user=request.user)[:200]}
    )


def _intake_page(request, *, intake=None):
    initial = {}
    if intake is None and request.GET.get("pupil"):
        pupil = (
            selectors.pupil_search(user=request.user).filter(uuid=request.GET["pupil"]).first()
            if _is_uuid(request.GET["pupil"])
            else None
        )
        if pupil:
            initial["pupil"] = pupil
    form = IntakeForm(request.POST or None, instance=intake, initial=initial, user=request.user)
    may_submit = False
    if request.method == "POST" and form.is_valid():
        pupil = form.cleaned_data["pupil"]
        perms = school_permissions(request.user, pupil.school_id)
        require(request, P.INTAKE_DRAFT in perms, object_type="intake", action="edit")
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("pupil", "version")}
        base_version = form.cleaned_data.get("version") if intake is not None else None
        submit = "submit" in request.POST
        try:
            if submit:
                require(request, P.INTAKE_SUBMIT in perms, object_type="intake", action="edit")
                intake = services.intake_submit(
                    actor=request.user, pupil=pupil, data=data, intake=intake, base_version=base_version
                )
                messages.success(request, _("The intake was submitted and a case was opened."))
                return redirect("cases:case_detail", uuid=intake.case.uuid)
            intake = services.intake_save_draft(
                actor=request.user, pupil=pupil, data=data, intake=intake, base_version=base_version
            )
            messages.success(request, _("The draft was saved."))
            return redirect("cases:intake_edit", uuid=intake.uuid)
        except services.IntakeConflict as exc:
            # Keep what was typed; the next save is against the version now in the database.
            post = request.POST.copy()
            post["version"] = exc.intake.version
            form = IntakeForm(post, instance=intake, user=request.user)
            form.is_valid()
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            add_validation_errors(form, exc)
    may_submit = school_ids_with(request.user, P.INTAKE_SUBMIT).exists()
    required = list(services.INTAKE_ALWAYS_REQUIRED)
    school = intake.school if intake else None
    if school is None:
        school = selectors.schools_with(user=request.user, permission=P.INTAKE_DRAFT).first()
    if school is not None:
        required = services.intake_required_fields(school=school)
    for name in required:
        if name in form.fields:
            form.fields[name].widget.attrs["aria-required"] = "true"
            form.fields[name].label = f"{form.fields[name].label} *"
    return render(request, "cases/intake_form.html", {"form": form, "intake": intake, "may_submit": may_submit})


def _is_uuid(value: str) -> bool:
    import uuid as uuid_module

    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def intake_new(request):
    require(request, bool(school_ids_with(request.user, P.INTAKE_DRAFT).exists()), object_type="intake", action="edit")
    # The pupil picker lists names of the user's pupils.
    log_list(request, object_type="pupil")
    return _intake_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def intake_edit(request, uuid):
    intake = get_intake_for_user(request, uuid, action="edit")
    if intake.case_id:
        return redirect("cases:case_detail", uuid=intake.case.uuid)
    return _intake_page(request, intake=intake)


# --- Groeidocument ----------------------------------------------------------------------------------


def _growth_context(request, pupil, **extra):
    document = selectors.growth_document_for(pupil=pupil)
    perms = school_permissions(request.user, pupil.school_id)
    context = {
        "pupil": pupil,
        "group": selectors.current_group(pupil),
        "document": document,
        "goals": selectors.growth_goals(document=document),
        "history": selectors.growth_history(document=document),
        "document_fields": [(label, value) for _n, label, value in selectors.growth_document_fields(document=document)],
        "interventions": selectors.interventions_for_pupil(user=request.user, pupil=pupil),
        "can_edit": P.GROWTH_DOC_EDIT in perms,
        "can_export": P.GROWTH_DOC_EXPORT in perms,
        "goal_form": GrowthGoalForm(),
        "evaluation_form": GoalEvaluationForm(initial={"evaluated_on": timezone.localdate()}),
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def growth_document(request, uuid):
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
            except services.EditConflict as exc:
                conflict = exc
                # Keep what this user typed; move the hidden version forward so a second save
                # (after reading the other person's changes) goes through.
                post = request.POST.copy()
                post["version"] = exc.document.version
                form = GrowthDocumentForm(post, instance=exc.document)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else saved this growth document while you were editing. Your text is kept "
                        "below; check their changes and save again."
                    ),
                )
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


def _conflict_rows(conflict):
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
def growth_goal_add(request, uuid):
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
def growth_goal_evaluate(request, uuid, goal_uuid):
    pupil = get_growth_pupil_for_user(request, uuid, action="edit")
    goal = selectors.growth_goal_of_pupil(pupil=pupil, goal_uuid=goal_uuid)
    if goal is None:
        raise Http404
    form = GoalEvaluationForm(request.POST)
    if form.is_valid():
        with service_messages(request, success=_("The evaluation was saved.")):
            services.growth_goal_evaluate(actor=request.user, goal=goal, **form.cleaned_data)
    else:
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect("cases:growth_document", uuid=pupil.uuid)


@login_required
def growth_document_pdf(request, uuid):
    pupil = get_growth_pupil_for_user(request, uuid, action="export")
    context = selectors.growth_document_export_context(user=request.user, pupil=pupil)
    _html, pdf = render_to_pdf("cases/pdf/growth_document.html", context, request=request)
    response = pdf_response(pdf, "groeidocument.pdf")
    response["Cache-Control"] = "no-store"
    return response
