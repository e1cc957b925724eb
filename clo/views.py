"""Views of the CLO: thin. Fetch through an access helper, bind the form, call the service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.casefile import selectors as casefile_selectors
from clo import figures, forms, selectors, services, terms, workflow
from clo.access import (
    get_advisable_request_for_user,
    get_decision_for_user,
    get_meeting_for_user,
    get_objection_for_user,
    get_report_for_user,
    get_request_for_user,
)
from clo.models import RequestStatus, Vote, VoteChoice
from ot_portal.core import audit
from ot_portal.core.access import (
    Perm,
    get_for_user_or_404,
    has_partnership_permission,
    log_list,
    require,
    school_ids_with,
)
from ot_portal.core.audit import ObjectType
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.listing import choice_param, school_year_param, uuid_param
from ot_portal.core.pdf import pdf_response, render_to_pdf

#: Rows per page of the CLO queue, the request list and the meeting list.
QUEUE_PAGE_SIZE = 25
LIST_PAGE_SIZE = 25
#: Rows per page of the TLV register (a wide table read across, filtered first).
REGISTER_PAGE_SIZE = 50

# --- Lists ---------------------------------------------------------------------------------------


@login_required
def request_list(request):
    """The requests the user may see, optionally of one school (?school=<uuid>), with a TLV granted
    in a school year (?tlv_granted=<start year>: the rows behind the director's "TLVs granted"), or
    of one status (?status=) and the director's year rule (?year=<start year>: still open, or started
    in that school year; the rows behind "CLO requests by status"). A filter that cannot be read is a 404."""
    requests = selectors.school_requests_for_user(user=request.user)
    tlv_year = school_year_param(request, "tlv_granted")
    if tlv_year is not None:
        requests = figures.with_tlv_granted(requests, tlv_year)
    listed_year = school_year_param(request, "year")
    if listed_year is not None:
        requests = requests.filter(figures.listed_in(listed_year))
    status = choice_param(request, "status", list(RequestStatus.values))
    if status:
        requests = requests.filter(status=status)
    school_uuid = uuid_param(request, "school")
    if school_uuid is not None:
        requests = requests.filter(school__uuid=school_uuid)
    page = Paginator(requests, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, object_type=ObjectType.CLO_REQUEST, objects=page)
    may_prepare = bool(school_ids_with(request.user, Perm.REQUEST_PREPARE))
    context = {
        "page": page,
        "requests": page.object_list,
        "tlv_year": tlv_year,
        "listed_year": listed_year,
        "status_label": RequestStatus(status).label if status else "",
        "may_prepare": may_prepare,
    }
    return render(request, "clo/request_list.html", context)


@login_required
def queue(request):
    require(request, has_partnership_permission(request.user, Perm.CLO_PROCESS), object_type=ObjectType.CLO_QUEUE)
    status = request.GET.get("status", "")
    if status not in selectors.OPEN_STATUSES:
        status = ""
    queue = selectors.queue_for_user(user=request.user, status=status)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.queue_rows(page.object_list)
    log_list(request, object_type=ObjectType.CLO_REQUEST, objects=[row[0] for row in rows])
    return render(
        request,
        "clo/queue.html",
        {
            "page": page,
            "rows": rows,
            "at_risk": selectors.queue_at_risk(queue),
            "status": status,
            "statuses": [(s, RequestStatus(s).label) for s in selectors.OPEN_STATUSES],
        },
    )


# --- Request -------------------------------------------------------------------------------------


@login_required
def request_create(request, case_uuid):

    user = request.user
    case = get_for_user_or_404(
        request,
        casefile_selectors.case_list_for_user(user=user).select_related("school__board"),
        object_type=ObjectType.CASE,
        action="edit",
        allowed=lambda c: selectors.cases_for_request(user=user).filter(pk=c.pk).exists(),
        uuid=case_uuid,
    )
    decisions = selectors.extendable_decisions(user=user, case=case)
    form = forms.RequestCreateForm(request.POST or None, decisions=decisions)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.request_create(
                actor=user,
                case=case,
                substantiation=selectors.case_substantiation(user=user, case=case),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The request has been started. Complete the substantiation."))
            return redirect("clo:request_edit", uuid=new.uuid)
    ongoing = [
        r
        for r in selectors.requests_for_case(user=user, case=case)
        if r.status not in selectors.CLOSED_REQUEST_STATUSES
    ]
    return render(request, "clo/request_create.html", {"form": form, "case": case, "ongoing": ongoing})


def _detail_context(request, obj):
    user = request.user
    obj = selectors.request_detail(request=obj)
    perms = selectors.request_permissions(user, obj)
    term = selectors.term_for(obj, term_weeks=selectors.term_weeks_for(obj.partnership_id))
    advices = list(obj.advices.all())
    decision = next((d for d in reversed(list(obj.decisions.all())) if not d.superseded), None)
    advising = selectors.advising_membership(user, obj)
    steps = {to: workflow.TRANSITIONS[obj.status, to] for to in workflow.targets_from(obj.status)}
    targets = [
        (to, step, forms.TransitionForm.for_target(to))
        for to, step in steps.items()
        if to in workflow.SIMPLE_TARGETS and step.permission in perms
    ]
    sees_committee = bool({Perm.CLO_VIEW, Perm.CLO_ADVISE} & perms)
    uncovered = selectors.uncovered_reports(request=obj)  # read once: the checklist uses them too
    ctx = {
        "obj": obj,
        # The school's staff go back to the case the request came from; the committee sees no case.
        # (School-wide case access is in the holdings already: no query for the school's staff.)
        "case_visible": obj.case.school_id in school_ids_with(user, Perm.CASE_VIEW_ALL)
        or casefile_selectors.case_list_for_user(user=user).filter(pk=obj.case_id).exists(),
        "perms": perms,
        "term": term,
        "checklist": selectors.checklist_for(request=obj, uncovered=uncovered),
        "uncovered": {r.pk for r in uncovered},
        "advices": advices if sees_committee else [],
        "two_expert_problems": services.two_expert_problems(advices) if obj.is_tlv else [],
        "decision": decision,
        "decisions": list(obj.decisions.all()),
        "targets": targets,
        "can_edit": Perm.REQUEST_PREPARE in perms and obj.status in services.EDITABLE_STATUSES,
        "can_process": Perm.CLO_PROCESS in perms,
        # The steps with a page or form of their own, when the workflow allows them from here.
        "ask_missing_step": steps.get(RequestStatus.INCOMPLETE),
        "plan_step": steps.get(RequestStatus.PLANNED),
        "decide_step": steps.get(RequestStatus.DECIDED),
        "can_advise": advising is not None
        and obj.status in selectors.OPEN_STATUSES
        and not any(a.expert_id == advising.pk for a in advices),
        "sees_committee": sees_committee,
        # Experts advise on a request but may not open the committee's meetings or objections.
        "links_meetings": Perm.CLO_VIEW in perms,
        "links_objections": bool({Perm.CLO_VIEW, Perm.REQUEST_VIEW_SCHOOL} & perms),
        "last_missing": next(
            (c for c in reversed(list(obj.status_changes.all())) if c.to_status == RequestStatus.INCOMPLETE), None
        ),
    }
    if ctx["can_process"]:
        ctx["plan_form"] = forms.PlanForm(meetings=selectors.plannable_meetings(request=obj))
        experts = selectors.advisers_for(request=obj).exclude(clo_assignments__request=obj)
        ctx["assign_form"] = forms.AssignForm(experts=experts)
        ctx["has_experts_to_ask"] = obj.status in selectors.OPEN_STATUSES and experts.exists()
    return ctx


@login_required
def request_detail(request, uuid):
    obj = get_request_for_user(request, uuid)
    return render(request, "clo/request_detail.html", _detail_context(request, obj))


@login_required
def request_edit(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.REQUEST_PREPARE, action="edit")
    if obj.status not in services.EDITABLE_STATUSES:
        messages.error(request, _("This request can no longer be changed."))
        return redirect("clo:request_detail", uuid=obj.uuid)
    form = forms.SubstantiationForm(request.POST or None, instance=obj, initial={"version": obj.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.request_update(actor=request.user, request=obj, version=form.cleaned_data["version"], **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The substantiation has been saved."))
            return redirect("clo:request_detail", uuid=obj.uuid)
    ctx = _detail_context(request, obj)
    attachments = selectors.case_reports_for_user(user=request.user, case=obj.case)
    ctx.update({"form": form, "report_form": forms.ReportForm(attachments=attachments)})
    return render(request, "clo/request_edit.html", ctx)


@login_required
@require_POST
def report_add(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.REQUEST_PREPARE, action="edit")
    form = forms.ReportForm(request.POST, attachments=selectors.case_reports_for_user(user=request.user, case=obj.case))
    if form.is_valid():
        with service_messages(request, success=_("The report has been attached.")):
            services.report_add(actor=request.user, request=obj, **form.cleaned_data)
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {errs[0]}" if label else errs[0])
    return redirect(
        "clo:request_edit" if obj.status in services.EDITABLE_STATUSES else "clo:request_detail", uuid=obj.uuid
    )


@login_required
@require_POST
def request_transition(request, uuid):
    obj = get_request_for_user(request, uuid)
    form = forms.TransitionForm(request.POST)
    to = request.POST.get("to", "")
    # The permission of this exact step, or (when the step is not possible from the current status)
    # any permission that leads to that status: an onlooker gets 403 either way, never a hint.
    needed = {workflow.permission_for(obj.status, to)} - {None} or workflow.permissions_towards(to)
    require(
        request,
        bool(needed & selectors.request_permissions(request.user, obj)),
        object_type=ObjectType.CLO_REQUEST,
        object_id=str(obj.uuid),
        action="edit",
        obj=obj,
    )
    if not form.is_valid() or to not in workflow.SIMPLE_TARGETS:
        messages.error(request, _("That step is not possible here."))
        return redirect("clo:request_detail", uuid=obj.uuid)
    try:
        services.request_transition(actor=request.user, request=obj, to_status=to, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed to “%(status)s”.") % {"status": RequestStatus(to).label})
    return redirect("clo:request_detail", uuid=obj.uuid)


@login_required
def request_incomplete(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.CLO_PROCESS, action="edit")
    checks = selectors.checklist_for(request=obj)
    form = forms.IncompleteForm(request.POST or None, checks=checks)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_transition(
                actor=request.user,
                request=obj,
                to_status=RequestStatus.INCOMPLETE,
                reason=form.cleaned_data["reason"],
                missing_items=form.cleaned_data["missing"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The school has been asked for the missing parts; the term is suspended."))
            return redirect("clo:request_detail", uuid=obj.uuid)
    return render(request, "clo/request_incomplete.html", {"obj": obj, "form": form, "checklist": checks})


@login_required
@require_POST
def request_plan(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.CLO_PROCESS, action="edit")
    form = forms.PlanForm(request.POST, meetings=selectors.plannable_meetings(request=obj))
    if form.is_valid():
        with service_messages(request, success=_("The request has been planned.")):
            services.request_plan(actor=request.user, request=obj, meeting=form.cleaned_data["meeting"])
    else:
        messages.error(request, _("Choose a CLO meeting."))
    return redirect("clo:request_detail", uuid=obj.uuid)


@login_required
@require_POST
def request_assign(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.CLO_PROCESS, action="edit")
    form = forms.AssignForm(request.POST, experts=selectors.advisers_for(request=obj))
    if form.is_valid():
        with service_messages(request, success=_("The expert has been asked for advice.")):
            services.expert_assign(actor=request.user, request=obj, expert=form.cleaned_data["expert"])
    else:
        messages.error(request, _("Choose an expert."))
    return redirect("clo:request_detail", uuid=obj.uuid)


@login_required
def advice_create(request, uuid):
    obj = get_advisable_request_for_user(request, uuid)
    form = forms.AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_give(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your advice has been recorded."))
            return redirect("clo:request_detail", uuid=obj.uuid)
    return render(request, "clo/advice_form.html", {"obj": obj, "form": form})


@login_required
def decision_create(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.CLO_PROCESS, action="edit")
    obj = selectors.request_detail(request=obj)
    advices = list(obj.advices.all())
    problems = services.two_expert_problems(advices) if obj.is_tlv else []
    start, end = services.default_tlv_period(partnership_id=obj.partnership_id, starts_on=timezone.localdate())
    form = forms.DecisionForm(
        request.POST or None,
        is_tlv=obj.is_tlv,
        initial={"funding_category": obj.funding_category, "starts_on": start, "ends_on": end},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s has been recorded.") % {"number": decision.number})
            return redirect("clo:request_detail", uuid=obj.uuid)
    return render(
        request,
        "clo/decision_form.html",
        {"obj": obj, "form": form, "advices": advices, "problems": problems},
    )


def _summary_context(request, obj):
    obj = selectors.request_detail(request=obj)
    return {
        "obj": obj,
        "pupil": obj.case.pupil,
        "reports": selectors.covered_reports(request=obj),
        "checklist": selectors.checklist_for(request=obj),
        "today": timezone.localdate(),
    }


@login_required
def request_summary(request, uuid):
    obj = get_request_for_user(request, uuid)
    return render(request, "clo/summary.html", _summary_context(request, obj))


@login_required
def request_summary_pdf(request, uuid):
    obj = get_request_for_user(request, uuid, action="export")
    _html, pdf = render_to_pdf("clo/pdf/summary.html", _summary_context(request, obj), request=request)
    return pdf_response(pdf, f"clo-aanvraag-{obj.reference}.pdf")


@login_required
def report_download(request, uuid):
    """A third-party report's file, for whoever sees the request, only while consent covers it."""
    report = get_report_for_user(request, uuid)
    attachment = report.attachment
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="rapport-{str(report.uuid)[:8]}"'
    return response


@login_required
def decision_letter(request, uuid):
    decision = get_decision_for_user(request, uuid, action="export")
    context = {
        "decision": decision,
        "obj": decision.request,
        "pupil": decision.request.case.pupil,
        "objection_until": terms.objection_period_ends(decision.decided_on),
    }
    _html, pdf = render_to_pdf("clo/pdf/decision_letter.html", context, request=request)
    return pdf_response(pdf, f"besluit-{decision.number}.pdf")


# --- Meetings ------------------------------------------------------------------------------------


@login_required
def meeting_list(request):
    require(request, has_partnership_permission(request.user, Perm.CLO_VIEW), object_type=ObjectType.CLO_MEETING)
    meetings = selectors.meeting_list_for_user(user=request.user)
    log_list(request, object_type=ObjectType.CLO_MEETING)
    can_plan = has_partnership_permission(request.user, Perm.CLO_PROCESS)
    page = Paginator(meetings, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clo/meeting_list.html", {"page": page, "meetings": page.object_list, "can_plan": can_plan})


@login_required
def meeting_create(request):
    user = request.user
    partnership = selectors.processing_partnership(user=user)
    require(request, partnership is not None, object_type=ObjectType.CLO_MEETING, action="edit")
    members = selectors.committee_members(partnership=partnership)
    form = forms.MeetingForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=user, partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The CLO meeting has been planned."))
            return redirect("clo:meeting_detail", uuid=meeting.uuid)
    return render(request, "clo/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, uuid):
    return _meeting_page(request, get_meeting_for_user(request, uuid))


def _meeting_page(request, meeting, *, refused: dict | None = None):
    """The CLO meeting page; `refused` explains a vote the rules refused (request uuid, message)."""
    meeting = selectors.meeting_detail(meeting=meeting)
    perms = selectors.committee_permissions(request.user, meeting.partnership_id)
    votes: dict[int, list[Vote]] = {}
    for vote in meeting.votes.all():
        votes.setdefault(vote.request_id, []).append(vote)
    can_vote = Perm.CLO_VOTE in perms
    rows = [
        (
            r,
            votes.get(r.pk, []),
            [(label, sum(v.choice == value for v in votes.get(r.pk, []))) for value, label in VoteChoice.choices],
            forms.VoteForm.for_request(r) if can_vote and r.is_planned else None,
        )
        for r in meeting.requests.all()
    ]
    return render(
        request,
        "clo/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "can_vote": can_vote,
            "present": list(meeting.members_present.all()),
            "refused": refused,
        },
    )


@login_required
@require_POST
def vote(request, uuid):
    # Every committee member who sees the meeting may post; an advisory member's vote is refused
    # by the service and explained on the meeting page (not a bare 403 page).
    meeting = get_meeting_for_user(request, uuid)
    form = forms.VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a vote."))
        return redirect("clo:meeting_detail", uuid=meeting.uuid)
    target = selectors.agenda_request(meeting=meeting, uuid=form.cleaned_data["request"])
    if target is None:
        messages.error(request, _("This request is not on this meeting's agenda."))
        return redirect("clo:meeting_detail", uuid=meeting.uuid)
    choice = form.cleaned_data["choice"]
    try:
        with service_messages(request, success=_("Your vote has been recorded.")):
            services.vote_cast(actor=request.user, meeting=meeting, request=target, choice=choice)
    except PermissionDenied as exc:
        audit.log_access(
            request,
            object_type=ObjectType.CLO_MEETING,
            object_id=str(meeting.uuid),
            action="edit",
            outcome="refused",
            obj=target,
        )
        message = _("%(reason)s Your vote (“%(choice)s”) was not recorded.") % {
            "reason": exc.args[0] if exc.args else _("Only voting members of the committee vote."),
            "choice": forms.VoteChoice(choice).label,
        }
        return _meeting_page(request, meeting, refused={"request": target.uuid, "message": message})
    return redirect("clo:meeting_detail", uuid=meeting.uuid)


# --- Register and objections --------------------------------------------------------------------


@login_required
def register(request):
    user = request.user
    require(request, has_partnership_permission(user, Perm.CLO_VIEW), object_type=ObjectType.CLO_REGISTER)
    form = forms.RegisterFilterForm(request.GET or None, **selectors.register_filter_choices(user=user))
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.register_for_user(user=user, **{k: v for k, v in filters.items() if v})
    page = Paginator(decisions, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.register_rows(page.object_list)
    # The alerts cover every filtered TLV that needs re-assessment soon, not only this page's.
    alerts = selectors.register_alerts(decisions)
    shown = {row.decision.pk: row.decision for row in [*rows, *alerts]}
    log_list(request, object_type=ObjectType.CLO_TLV, objects=list(shown.values()))
    return render(request, "clo/register.html", {"form": form, "page": page, "rows": rows, "alerts": alerts})


@login_required
def objection_create(request, uuid):
    obj = get_request_for_user(request, uuid, permission=Perm.CLO_PROCESS, action="edit")
    decision = selectors.current_decision(request=obj)
    form = forms.ObjectionCreateForm(request.POST or None)
    if decision is None:
        messages.error(request, _("There is no decision on this request to object to."))
        return redirect("clo:request_detail", uuid=obj.uuid)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_create(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if terms.objection_is_late(decided_on=decision.decided_on, received_on=objection.received_on):
                messages.warning(
                    request,
                    _("This objection was received more than six weeks after the decision; it may be inadmissible."),
                )
            messages.success(request, _("The objection has been recorded."))
            return redirect("clo:objection_detail", uuid=objection.uuid)
    return render(
        request,
        "clo/objection_create.html",
        {
            "obj": obj,
            "decision": decision,
            "form": form,
            "period_ends": terms.objection_period_ends(decision.decided_on),
        },
    )


@login_required
def objection_detail(request, uuid):
    objection = get_objection_for_user(request, uuid)
    obj = objection.decision.request
    perms = selectors.request_permissions(request.user, obj)
    can_process = Perm.CLO_PROCESS in perms
    if request.method == "POST":
        require(
            request,
            can_process,
            object_type=ObjectType.CLO_OBJECTION,
            object_id=str(objection.uuid),
            action="edit",
            obj=objection,
        )
    form = forms.ObjectionUpdateForm(request.POST or None, instance=objection, initial={"version": objection.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        try:
            services.objection_update(
                actor=request.user,
                objection=objection,
                version=form.cleaned_data["version"],
                revised=form.revised(),
                **data,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The objection has been updated."))
            return redirect("clo:objection_detail", uuid=objection.uuid)
    decided_on = objection.decision.decided_on
    context = {
        "objection": objection,
        "obj": obj,
        "form": form if can_process and objection.outcome == "pending" else None,
        "late": terms.objection_is_late(decided_on=decided_on, received_on=objection.received_on),
        "period_ends": terms.objection_period_ends(decided_on),
        "lbt_due": terms.lbt_advice_due(objection.received_on),
        "decision_due": terms.objection_decision_due(
            decided_on=decided_on, extension_weeks=min(objection.extension_weeks, 6)
        ),
        "today": timezone.localdate(),
    }
    audit.log_access(
        request, object_type=ObjectType.CLO_OBJECTION, object_id=str(objection.uuid), action="view", obj=objection
    )
    return render(request, "clo/objection_detail.html", context)
