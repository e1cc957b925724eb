"""Views of the meetings app: fetch through an access helper, bind the form, call the service."""

from __future__ import annotations

import uuid as uuid_lib
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cases.actions.access import COMPLETE, get_action_for_user
from cases.casefile.selectors import regie_candidates
from meetings import figures, selectors, services
from meetings.access import (
    EXPORT,
    MINUTES,
    PLAN,
    get_item_for_user,
    get_meeting_for_user,
    get_year_plan_for_user,
    get_year_plan_task_for_user,
)
from meetings.forms import (
    AgendaItemForm,
    CorrectionForm,
    EvaluationForm,
    HandoverForm,
    MeetingEditForm,
    MeetingFormSet,
    MinutesActionFormSet,
    MinutesForm,
    MinutesInterventionFormSet,
    ParticipantForm,
    PreparationForm,
    TaskForm,
    ThemeForm,
    YearPlanCreateForm,
    YearPlanForm,
)
from meetings.models import MeetingStatus, ThemeTopic
from ot_portal.core import audit
from ot_portal.core.access import Perm, get_for_user_or_404, has_school_permission, log_list, require
from ot_portal.core.audit import ObjectType
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.listing import choice_param, page_query, school_year_param, uuid_param
from ot_portal.core.models import SchoolYear
from ot_portal.core.pdf import pdf_response, render_to_pdf


def _form_page(request, form, *, title: str, back: str, intro: str = "", submit: str = ""):
    """A form on its own page; `back` is the URL of the page it belongs to."""
    return render(
        request,
        "meetings/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "submit": submit or _("Save")},
    )


def _case_from_case_page(request, cases) -> dict:
    """The case page's "put it on the agenda of ..." link names the case (`?casus=`): choose it."""
    try:
        key = uuid_lib.UUID(request.GET.get("casus", ""))
    except ValueError:
        return {}
    return {"case": key} if cases.filter(uuid=key).exists() else {}


def plan_url(plan) -> str:
    return reverse("meetings:year_plan_detail", kwargs={"uuid": plan.uuid})


def meeting_url(meeting) -> str:
    return reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid})


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    require(request, bool(selectors.schools_for_user(user=user).exists()), object_type=ObjectType.MEETING_INDEX)
    plans = selectors.year_plan_list_for_user(user=user)
    meetings = selectors.meeting_list_for_user(user=user).order_by("date")
    log_list(request, object_type=ObjectType.MEETING)
    today = timezone.localdate()
    return render(
        request,
        "meetings/index.html",
        {
            "plans": plans,
            "upcoming": [m for m in meetings if m.date >= today and m.status != MeetingStatus.CANCELLED],
            "past": [m for m in meetings if m.date < today][::-1][:10],
            "may_plan": selectors.schools_for_user(user=user, permission=Perm.MEETING_PLAN).exists(),
        },
    )


# --- The lists behind the director's figures ------------------------------------------------------

#: Rows per page of the meeting, theme-discussion and discussion lists.
LIST_PAGE_SIZE = 50


def _list_scope(request: AuthenticatedHttpRequest, object_type: ObjectType):
    """The schools and school year a list shows: `?school=<uuid>` (one of the schools whose meetings
    the user sees, else 404) or all of them, and `?year=<start year>` (the current one by default).
    403 for a user who sees no school's meetings."""
    schools = selectors.schools_for_user(user=request.user)
    require(request, schools.exists(), object_type=object_type)
    school = None
    school_uuid = uuid_param(request, "school")
    if school_uuid is not None:
        school = get_for_user_or_404(request, schools, object_type=ObjectType.SCHOOL, uuid=school_uuid)
    school_ids = [school.pk] if school else list(schools.values_list("pk", flat=True))
    return school, school_ids, school_year_param(request) or SchoolYear.for_date()


def _show_list(request, template: str, rows, *, object_type: ObjectType, pupils_shown=None, **context):
    """One page of `rows`, logged as a list: one access-log row per pupil the page names
    (`pupils_shown(page)`; meetings and theme discussions name none)."""
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, object_type=object_type, objects=pupils_shown(page) if pupils_shown else ())
    return render(request, template, {"page": page, "page_query": page_query(request), **context})


@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """OT meetings dated in a school year, of one state (`?state=`, the director's figure's states):
    the rows behind "OT meetings held versus planned"."""
    school, school_ids, year = _list_scope(request, ObjectType.MEETING)
    labels = figures.meeting_state_labels()
    state = choice_param(request, "state", list(labels))
    meetings = selectors.meetings_of_year_for_user(user=request.user, school_ids=school_ids, year=year, state=state)
    return _show_list(
        request,
        "meetings/meeting_list.html",
        meetings,
        object_type=ObjectType.MEETING,
        school=school,
        year=year,
        filter_label=labels.get(state, ""),
    )


@login_required
def theme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Theme discussions of held OT meetings of a school year, of one topic (`?topic=`): the rows
    behind "Theme discussions held"."""
    school, school_ids, year = _list_scope(request, ObjectType.THEME_DISCUSSION)
    topic = choice_param(request, "topic", list(ThemeTopic.values))
    themes = selectors.themes_held_for_user(user=request.user, school_ids=school_ids, year=year, topic=topic)
    return _show_list(
        request,
        "meetings/theme_list.html",
        themes,
        object_type=ObjectType.THEME_DISCUSSION,
        school=school,
        year=year,
        filter_label=ThemeTopic(topic).label if topic else "",
    )


@login_required
def discussion_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Case discussions in held OT meetings of a school year, of one kind (`?kind=`, the director's
    figure's kinds): an anonymous discussion shows its meeting, never its pupil."""
    school, school_ids, year = _list_scope(request, ObjectType.AGENDA_ITEM)
    labels = figures.discussion_kind_labels()
    kind = choice_param(request, "kind", list(labels)) or "discussions"
    items = selectors.discussions_for_user(user=request.user, school_ids=school_ids, year=year, kind=kind)
    return _show_list(
        request,
        "meetings/discussion_list.html",
        items,
        object_type=ObjectType.AGENDA_ITEM,
        pupils_shown=lambda page: [item for item in page if item.is_named],
        school=school,
        year=year,
        filter_label=labels[kind],
    )


@login_required
def year_plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    schools = selectors.schools_for_user(user=request.user, permission=Perm.MEETING_PLAN)
    require(request, schools.exists(), object_type=ObjectType.YEAR_PLAN, action="plan")
    form = YearPlanCreateForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.year_plan_create(
                actor=request.user,
                school=form.cleaned_data["school"],
                school_year=SchoolYear.objects.get_or_create(start_year=form.cleaned_data["start_year"])[0],
                goals=form.cleaned_data["goals"],
                composition=form.cleaned_data["composition"],
                copy_previous=form.cleaned_data["copy_previous"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The year plan was created."))
            return redirect("meetings:year_plan_detail", uuid=plan.uuid)
    return _form_page(request, form, title=_("New year plan"), back=reverse("meetings:index"))


@login_required
def year_plan_detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    plan = get_year_plan_for_user(request, uuid)
    user = request.user
    may_plan = selectors.may_plan(user=user, school_id=plan.school_id)
    return render(
        request,
        "meetings/year_plan_detail.html",
        {
            "plan": plan,
            "tasks": plan.tasks.select_related("user"),
            "meetings": plan.meetings.all(),
            "warning": services.meeting_count_warning(plan=plan),
            "may_plan": may_plan,
            "task_form": TaskForm(members=selectors.school_members(school=plan.school)) if may_plan else None,
        },
    )


@login_required
def year_plan_edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    plan = get_year_plan_for_user(request, uuid, action=PLAN)
    form = YearPlanForm(
        request.POST or None, initial={"goals": plan.goals, "composition": plan.composition, "version": plan.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.year_plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The year plan was saved."))
            return redirect("meetings:year_plan_detail", uuid=plan.uuid)
    return _form_page(request, form, title=_("Edit year plan"), back=plan_url(plan))


@login_required
@require_POST
def task_remove(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Take a role or task off the year plan; the IB or director only."""
    task = get_year_plan_task_for_user(request, uuid, action=PLAN)
    plan_uuid = task.plan.uuid
    with service_messages(request, success=_("The task was removed from the year plan.")):
        services.year_plan_task_remove(actor=request.user, task=task)
    return redirect("meetings:year_plan_detail", uuid=plan_uuid)


@login_required
@require_POST
def task_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    plan = get_year_plan_for_user(request, uuid, action=PLAN)
    form = TaskForm(request.POST, members=selectors.school_members(school=plan.school))
    if form.is_valid():
        with service_messages(request, success=_("The task was added.")):
            services.year_plan_task_add(actor=request.user, plan=plan, **form.cleaned_data)
    else:
        messages.error(request, _("Choose a member and a task."))
    return redirect("meetings:year_plan_detail", uuid=plan.uuid)


@login_required
def meeting_create(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Plan the year plan's meetings: several dates in one form, with an error per row."""
    plan = get_year_plan_for_user(request, uuid, action=PLAN)
    formset = MeetingFormSet(request.POST or None, prefix="meetings", form_kwargs={"plan": plan})
    if request.method == "POST" and formset.is_valid():
        filled = [f for f in formset.forms if f.cleaned_data.get("date")]
        try:
            planned = services.meetings_plan(
                actor=request.user,
                plan=plan,
                rows=[services.MeetingInput(**f.cleaned_data) for f in filled],
            )
        except services.MeetingRowErrors as exc:
            for index, errors in exc.rows.items():
                for field, field_errors in errors.items():
                    filled[index].add_error(field if field in filled[index].fields else None, field_errors)
        except ValidationError as exc:
            # Django has no public way to add a formset-wide error after validation.
            formset._non_form_errors = formset.error_class(exc.messages, renderer=formset.renderer)  # type: ignore[attr-defined]
        else:
            messages.success(
                request,
                ngettext("%(n)s meeting was planned.", "%(n)s meetings were planned.", len(planned))
                % {"n": len(planned)},
            )
            if warning := services.meeting_count_warning(plan=plan):
                messages.warning(request, warning)
            if len(planned) == 1:
                return redirect("meetings:meeting_detail", uuid=planned[0].uuid)
            return redirect("meetings:year_plan_detail", uuid=plan.uuid)
    return render(
        request,
        "meetings/meeting_create.html",
        {"formset": formset, "plan": plan, "back": plan_url(plan), "planned": list(plan.meetings.all())},
    )


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=PLAN)
    initial = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "place": meeting.place,
        "version": meeting.version,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect("meetings:meeting_detail", uuid=meeting.uuid)
    return _form_page(request, form, title=_("Change date, time or place"), back=meeting_url(meeting))


def _meeting_context(request, meeting) -> dict:
    user = request.user
    items = list(selectors.agenda_items_full(user=user, meeting=meeting))
    # The agenda names the pupils of its case items: each of them is logged as shown.
    log_list(request, object_type=ObjectType.AGENDA_ITEM, objects=items)
    return {
        "meeting": meeting,
        "participants": list(selectors.participants_for_meeting(meeting=meeting)),
        "themes": list(meeting.themes.all()),
        "items": items,
        "earlier_actions": list(selectors.earlier_open_actions(user=user, meeting=meeting)),
        "general_corrections": list(selectors.general_corrections(meeting=meeting)),
        "today": timezone.localdate(),
    }


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid)
    user = request.user
    context = _meeting_context(request, meeting)
    may_plan = selectors.may_plan(user=user, school_id=meeting.school_id)
    may_minutes = selectors.may_write_minutes(user=user, meeting=meeting)
    context |= {
        "may_plan": may_plan and not meeting.is_locked,
        "may_mark_held": meeting.may_mark_held_on(context["today"]),
        "may_minutes": may_minutes,
        # Minutes that escalate to the CLO offer the request, prefilled from the case (clo:request_create).
        "may_prepare_clo": has_school_permission(user, meeting.school_id, Perm.REQUEST_PREPARE),
        "forms": {},
    }
    if may_plan and not meeting.is_locked:
        members = selectors.school_members(school=meeting.school)
        cases = selectors.case_choices_for_agenda(user=user, school=meeting.school)
        item_qs = meeting.items.all()
        context["forms"] = {
            "theme": ThemeForm(),
            "item": AgendaItemForm(cases=cases),
            "participant": ParticipantForm(members=members, items=item_qs),
        }
    # Each case item with its preparation checklist (when the checklist may be changed).
    may_prepare = may_plan and not meeting.is_locked
    context["agenda"] = [(item, PreparationForm.for_item(item) if may_prepare else None) for item in context["items"]]
    if may_minutes and not meeting.is_locked:
        context["forms"]["evaluation"] = EvaluationForm(
            initial={"evaluation_notes": meeting.evaluation_notes, "version": meeting.version}
        )
    if may_minutes and meeting.status == MeetingStatus.APPROVED:
        context["forms"]["correction"] = CorrectionForm(items=meeting.items.all())
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def agenda_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=EXPORT)
    _html, pdf = render_to_pdf("meetings/pdf/agenda.html", _meeting_context(request, meeting), request=request)
    response = pdf_response(pdf, f"ot-overleg-{meeting.date:%Y-%m-%d}.pdf", inline=True)
    return response


@login_required
@require_POST
def theme_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=PLAN)
    form = ThemeForm(request.POST)
    if form.is_valid():
        with service_messages(request, success=_("The theme discussion was added.")):
            services.theme_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    else:
        messages.error(request, _("Choose a topic."))
    return redirect("meetings:meeting_detail", uuid=meeting.uuid)


@login_required
def item_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=PLAN)
    cases = selectors.case_choices_for_agenda(user=request.user, school=meeting.school)
    form = AgendaItemForm(request.POST or None, cases=cases, initial=_case_from_case_page(request, cases))
    if request.method == "POST" and form.is_valid():
        try:
            # ConsentRequired is a ValidationError on "by_name": explained on the form, nothing saved.
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The case was added to the agenda."))
            return redirect("meetings:meeting_detail", uuid=meeting.uuid)
    return _form_page(request, form, title=_("Add a case to the agenda"), back=meeting_url(meeting))


@login_required
@require_POST
def participant_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=PLAN)
    form = ParticipantForm(
        request.POST, members=selectors.school_members(school=meeting.school), items=meeting.items.all()
    )
    if form.is_valid():
        with service_messages(request, success=_("The participant was added.")):
            services.participant_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("meetings:meeting_detail", uuid=meeting.uuid)


@login_required
@require_POST
def evaluation_set(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=MINUTES)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_evaluation_set(
                actor=request.user,
                meeting=meeting,
                notes=form.cleaned_data["evaluation_notes"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return _form_page(request, form, title=_("Evaluation and reflection"), back=meeting_url(meeting))
        messages.success(request, _("The evaluation was saved."))
    return redirect("meetings:meeting_detail", uuid=meeting.uuid)


@login_required
@require_POST
def meeting_status(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    to_status = request.POST.get("to_status", "")
    action = MINUTES if to_status == MeetingStatus.APPROVED else PLAN
    meeting = get_meeting_for_user(request, uuid, action=action)
    with service_messages(request, success=_("The status of the meeting was changed.")):
        services.meeting_status_change(actor=request.user, meeting=meeting, to_status=to_status)
    return redirect("meetings:meeting_detail", uuid=meeting.uuid)


@login_required
@require_POST
def correction_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_meeting_for_user(request, uuid, action=MINUTES)
    form = CorrectionForm(request.POST, items=meeting.items.all())
    if form.is_valid():
        with service_messages(request, success=_("The correction was added to the minutes.")):
            services.correction_add(actor=request.user, meeting=meeting, **form.cleaned_data)
    else:
        messages.error(request, _("Write the correction."))
    return redirect("meetings:meeting_detail", uuid=meeting.uuid)


@login_required
@require_POST
def item_prepare(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    item = get_item_for_user(request, uuid, action=PLAN)
    form = PreparationForm(request.POST)
    form.is_valid()
    with service_messages(request, success=_("The preparation was saved.")):
        services.item_preparation_set(actor=request.user, item=item, **form.cleaned_data)
    return redirect("meetings:meeting_detail", uuid=item.meeting.uuid)


@login_required
@require_POST
def item_remove(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Take a case item off the agenda (open meeting, no minutes yet); the IB or director only."""
    item = get_item_for_user(request, uuid, action=PLAN)
    meeting_uuid = item.meeting.uuid
    with service_messages(request, success=_("The case was taken off the agenda.")):
        services.agenda_item_remove(actor=request.user, item=item, reason=request.POST.get("reason", "")[:200])
    return redirect("meetings:meeting_detail", uuid=meeting_uuid)


@login_required
def item_minutes(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """The minutes of one case item, with several new actions and interventions in one save."""
    item = get_item_for_user(request, uuid, action=MINUTES)
    meeting = item.meeting
    minutes = getattr(item, "minutes", None)
    initial = {"version": minutes.version} if minutes else {}
    if minutes:
        initial |= {
            "parents_presence": minutes.parents_presence,
            "attendance": minutes.attendance,
            "conclusions": minutes.conclusions,
            "escalation": minutes.escalation,
            "regie": minutes.regie_id,
            "next_evaluation_on": minutes.next_evaluation_on,
        }
    data = request.POST or None
    form = MinutesForm(data, initial=initial, regie_candidates=regie_candidates(case=item.case), meeting=meeting)
    members = selectors.school_members(school=meeting.school)
    actions = MinutesActionFormSet(data, prefix="actions", form_kwargs={"members": members, "meeting": meeting})
    interventions = MinutesInterventionFormSet(data, prefix="interventions")
    if request.method == "POST" and all([form.is_valid(), actions.is_valid(), interventions.is_valid()]):
        d = form.cleaned_data
        action_rows = [f for f in actions.forms if f.is_filled]
        try:
            services.item_minutes_record(
                actor=request.user,
                item=item,
                parents_presence=d["parents_presence"],
                attendance=d["attendance"],
                conclusions=d["conclusions"],
                escalation=d["escalation"],
                regie=d["regie"],
                next_evaluation_on=d["next_evaluation_on"],
                interventions=[
                    (f.cleaned_data["level"], f.cleaned_data["description"])
                    for f in interventions.forms
                    if f.cleaned_data.get("description")
                ],
                actions=[
                    services.ActionInput(
                        description=f.cleaned_data["description"],
                        due_on=f.cleaned_data["due_on"],
                        owner=f.cleaned_data["owner"],
                        external_owner_name=f.cleaned_data["external_name"],
                        external_owner_organisation=f.cleaned_data["external_organisation"],
                        external_owner_email=f.cleaned_data["external_email"],
                    )
                    for f in action_rows
                ],
                version=d["version"],
            )
        except services.ActionRowErrors as exc:
            for index, errors in exc.rows.items():
                for field, message in errors.items():
                    action_rows[index].add_error(field, message)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("meetings:meeting_detail", uuid=meeting.uuid)
    item_full = selectors.agenda_items_full(user=request.user, meeting=meeting).get(pk=item.pk)
    return render(
        request,
        "meetings/item_minutes.html",
        {"item": item_full, "meeting": meeting, "form": form, "actions": actions, "interventions": interventions},
    )


@login_required
def parents_summary_pdf(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    item = get_item_for_user(request, uuid, action=MINUTES)
    item_full = selectors.agenda_items_full(user=request.user, meeting=item.meeting).get(pk=item.pk)
    audit.log_access(request, object_type=ObjectType.AGENDA_ITEM, object_id=str(item.uuid), action="export", obj=item)
    _html, pdf = render_to_pdf(
        "meetings/pdf/parents_summary.html", {"item": item_full, "meeting": item.meeting}, request=request
    )
    response = pdf_response(pdf, "afspraken-ot.pdf", inline=True)
    return response


@login_required
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    mine = list(selectors.my_open_actions(user=user))
    regie = list(selectors.regie_open_actions(user=user))
    school_overdue = list(selectors.school_overdue_actions(user=user))
    log_list(request, object_type=ObjectType.ACTION_LIST, objects=[*mine, *regie, *school_overdue])
    return render(
        request,
        "meetings/my_actions.html",
        {"mine": mine, "regie": regie, "school_overdue": school_overdue, "today": today},
    )


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    action = get_action_for_user(request, uuid, action=COMPLETE)
    with service_messages(request, success=_("The action is marked as done.")):
        services.action_mark_done(actor=request.user, action=action, result=request.POST.get("result", "")[:2000])
    return redirect("meetings:my_actions")


@login_required
def handover(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    schools = selectors.schools_for_user(user=user, permission=Perm.CASE_MANAGE)
    require(request, schools.exists(), object_type=ObjectType.HANDOVER, action="handover")
    log_list(request, object_type=ObjectType.HANDOVER)  # the page lists earlier handovers
    form = HandoverForm(request.POST or None, schools=schools, users=selectors.handover_users(schools=schools))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.handover(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Handed over: %(cases)s cases with regie and %(actions)s open actions.")
                % {"cases": record.cases_moved, "actions": record.actions_moved},
            )
            return redirect("meetings:handover")
    return render(
        request,
        "meetings/handover.html",
        {"form": form, "history": selectors.handover_history(schools=schools)},
    )
