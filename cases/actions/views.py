"""Views of actions: thin. Fetch through an access helper, bind a form, call a service."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.actions import rules, selectors, services
from cases.actions.access import EDIT, get_action_for_user
from cases.actions.forms import ActionEditForm, ActionForm, ActionStatusForm
from cases.actions.models import Action, ActionStatus
from cases.casefile.access import get_case_for_user
from cases.casefile.views import _case_form_view
from cases.pupils import csv_import as csv_import
from ot_portal.core.access import log_list
from ot_portal.core.audit import ObjectType
from ot_portal.core.formats import date_table
from ot_portal.core.forms import add_validation_errors, service_messages
from ot_portal.core.http import AuthenticatedHttpRequest
from ot_portal.core.listing import choice_param, page_query, school_year_param, uuid_param
from ot_portal.core.locking import EditConflict, rebased_post
from ot_portal.core.models import SchoolYear


@login_required
@require_GET
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All the actions the home page groups ("alle acties"): the same set, in order of due date,
    50 to a page, each marked overdue, this week or later. Optionally of one school (?school=<uuid>),
    one owner (?owner=<user uuid>, or ?external_owner=<key> for an owner without an account) and
    only the overdue ones (?overdue=1): the rows behind the director's "open and overdue actions
    per owner"."""
    today = timezone.localdate()
    school_uuid = uuid_param(request, "school")
    owner_uuid = uuid_param(request, "owner")
    external_key = request.GET.get("external_owner", "")
    overdue = choice_param(request, "overdue", ["1"]) == "1"
    actions = selectors.action_list_filtered(
        user=request.user,
        school_uuid=school_uuid,
        owner_uuid=owner_uuid,
        external_key=external_key,
        overdue_on=today if overdue else None,
    )
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    log_list(request, object_type=ObjectType.ACTION_LIST, objects=page)
    rows = [(action, rules.due_group(action, today=today)) for action in page]
    filtered = school_uuid is not None or owner_uuid is not None or bool(external_key) or overdue
    context = {"page": page, "rows": rows, "today": today, "filtered": filtered, "overdue": overdue}
    return render(request, "cases/action_list.html", context)


@login_required
@require_POST
def action_add(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
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
def action_update(request: AuthenticatedHttpRequest, uuid: UUID, action_uuid: UUID) -> HttpResponse:
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
def action_edit(request: AuthenticatedHttpRequest, uuid: UUID) -> HttpResponse:
    """Change an open action (what, due date, owner); a stale form is refused and keeps its input."""
    action = get_action_for_user(request, uuid, action=EDIT)
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
            except EditConflict as exc:
                current = cast(Action, exc.current)
                conflict_rows = _action_conflict_rows(form, current)
                # Also move the "as seen" values forward, so the next conflict check compares
                # against what this user has now been shown.
                post = rebased_post(request.POST, current)
                for name in ActionEditForm.TRACKED:
                    value = getattr(current, f"{name}_id" if name == "owner" else name)
                    post[form.add_initial_prefix(name)] = "" if value is None else str(value)
                form = ActionEditForm(post, action=current)
                form.is_valid()
                form.add_error(None, exc.messages)
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


def _action_conflict_rows(form: ActionEditForm, current: Action) -> list[dict[str, str]]:
    """What someone else changed since this form was opened: (field, was, now), field by field."""

    def text(value: Any) -> str:
        if value in (None, ""):
            return "—"
        if hasattr(value, "full_name"):
            return str(value.full_name)
        if hasattr(value, "strftime"):
            return date_table(value)
        return str(value)

    rows = []
    for name in ActionEditForm.TRACKED:
        seen, now = form.seen_value(name), getattr(current, name)
        if (seen or None) != (now or None):
            rows.append({"field": str(form.fields[name].label), "old": text(seen), "new": text(now)})
    return rows


@login_required
@require_GET
def actions_done_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Actions done in a school year (?year=<start year>, the current one by default) on the cases
    the user may see, optionally of one school (?school=<uuid>): the rows behind the director's
    "actions done"."""
    year = school_year_param(request) or SchoolYear.for_date()
    actions = selectors.actions_done_for_user(user=request.user, year=year, school_uuid=uuid_param(request, "school"))
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    log_list(request, object_type=ObjectType.ACTION_LIST, objects=page)
    return render(request, "cases/actions_done.html", {"page": page, "page_query": page_query(request), "year": year})
