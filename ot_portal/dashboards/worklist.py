"""The IB's worklist (werklijst): my cases that need attention, my overdue actions, the next
meeting, drafts waiting for me. Pupil-level, for the IB's own schools."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import figures as case_figures
from cases.actions.models import overdue_q
from cases.actions.selectors import open_actions_for_user
from cases.casefile.selectors import case_list_for_user
from cases.disclosure.selectors import open_access_requests_for_user
from cases.models import CaseStatus
from meetings import figures as meeting_figures
from ot_portal.core.access import AnyUser
from ot_portal.core.audit import ObjectType
from ot_portal.core.formats import date_prose, date_table
from ot_portal.core.models import PartnershipSettings
from ot_portal.dashboards import consent_worklist
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards.links import list_url
from ot_portal.dashboards.tables import Dashboard, DashboardKind, Row, Table

WORKLIST_ROWS = 50


def _inactivity_filter(school_ids: list[int], now) -> Q:
    """Per partnership its own `case_inactivity_weeks` (PartnershipSettings)."""
    settings = PartnershipSettings.objects.filter(partnership__boards__schools__in=school_ids).values_list(
        "partnership_id", "case_inactivity_weeks"
    )
    q = Q(pk__in=[])
    for partnership_id, weeks in set(settings):
        q |= Q(school__board__partnership_id=partnership_id, last_activity_at__lt=now - timedelta(weeks=weeks))
    return q


def ib_worklist(request) -> Dashboard:
    """Werklijst IB: my cases that need attention, my overdue actions, the next meeting, drafts."""
    user = request.user
    sc = scoping.school_scope(request, scoping.WORKLIST_PERMISSION, object_type=ObjectType.DASHBOARD_WORKLIST)
    today = timezone.localdate()
    now = timezone.now()
    school_ids = [s.pk for s in sc.schools]
    mine = (
        case_list_for_user(user=user)
        .filter(lead=user, school_id__in=school_ids)
        .exclude(status=CaseStatus.CLOSED)
        .annotate(
            **case_figures.consent_flags(today),
            inactive=ExpressionWrapper(_inactivity_filter(school_ids, now), output_field=BooleanField()),
            opp_review_on=F("pupil__growth_document__opp_next_evaluation_on"),
            opp_due=ExpressionWrapper(
                Q(pupil__growth_document__has_opp=True, pupil__growth_document__opp_next_evaluation_on__lt=today),
                output_field=BooleanField(),
            ),
        )
        .filter(
            Q(inactive=True)
            | Q(next_evaluation_on__lt=today)
            | Q(opp_due=True)
            | Q(has_consent=False)
            | Q(consent_lasting=False)
        )
        .select_related("pupil", "school")
        .order_by("last_activity_at")
    )
    rows = []
    for case in mine[:WORKLIST_ROWS]:
        reasons = []
        if case.inactive:
            reasons.append(_("no activity since %(date)s") % {"date": date_prose(case.last_activity_at)})
        if case.next_evaluation_on and case.next_evaluation_on < today:
            reasons.append(_("evaluation date %(date)s passed") % {"date": date_prose(case.next_evaluation_on)})
        if case.opp_due:
            reasons.append(_("OPP review date %(date)s passed") % {"date": date_prose(case.opp_review_on)})
        if not case.has_consent:
            reasons.append(_("no consent in force"))
        elif not case.consent_lasting:
            reasons.append(_("consent expires within 30 days"))
        rows.append(
            Row(
                label=case.pupil.full_name,
                values=[case.school.name, str(case.get_status_display()), "; ".join(reasons)],
                link=list_url("cases:case_detail", uuid=case.uuid),
                pupil_key=case.pupil.uuid,
            )
        )
    tables = [
        Table(
            key="attention",
            title=_("My cases that need attention"),
            label_header=_("Pupil"),
            columns=[_("School"), _("Status"), _("Why")],
            rows=rows,
            empty_text=_("None of your cases needs attention."),
            note=_("The %(n)s that have waited longest.") % {"n": WORKLIST_ROWS} if len(rows) == WORKLIST_ROWS else "",
        )
    ]
    overdue = open_actions_for_user(user=user).filter(overdue_q(today), case__school_id__in=school_ids)[:WORKLIST_ROWS]
    tables.append(
        Table(
            key="overdue_actions",
            title=_("My overdue actions"),
            label_header=_("Action"),
            columns=[_("Pupil"), _("Due"), _("Days overdue")],
            rows=[
                Row(
                    label=a.description,
                    values=[a.case.pupil.full_name, date_table(a.due_on), (today - a.due_on).days],
                    link=list_url("cases:case_detail", uuid=a.case.uuid),
                    pupil_key=a.case.pupil.uuid,
                )
                for a in overdue
            ],
            empty_text=_("You have no overdue actions."),
            note=_("The %(n)s most overdue.") % {"n": WORKLIST_ROWS} if len(overdue) == WORKLIST_ROWS else "",
        )
    )
    tables.append(_next_meeting(school_ids, today))
    drafts = case_figures.intake_drafts_waiting(user=user, school_ids=school_ids, limit=WORKLIST_ROWS)
    if drafts is not None:
        tables.append(
            Table(
                key="intake_drafts",
                title=_("Intake drafts by teachers waiting for you"),
                label_header=_("Pupil"),
                columns=[_("Started by"), _("Last change")],
                rows=[
                    Row(
                        i.pupil.full_name,
                        [str(i.created_by), date_table(i.updated_at)],
                        link=list_url("cases:intake_edit", uuid=i.uuid),
                        pupil_key=i.pupil.uuid,
                    )
                    for i in drafts
                ],
                empty_text=_("No drafts are waiting."),
                link=list_url("cases:intake_list"),
            )
        )
    tables.extend(consent_worklist.worklist_tables(user=user, school_ids=school_ids, today=today))
    tables.append(_access_requests(user, school_ids, today))
    return Dashboard(
        kind=DashboardKind.WORKLIST,
        title=_("My worklist"),
        subtitle=", ".join(s.name for s in sc.schools),
        tables=tables,
        query="",
        context={"scope": sc},
        pupil_level=True,
    )


def _access_requests(user: AnyUser, school_ids: Iterable[int], today) -> Table:
    """Open inzageverzoeken with their term (one month, or as extended), the nearest first."""
    requests = list(open_access_requests_for_user(user=user, school_ids=school_ids)[:WORKLIST_ROWS])

    def left(r) -> str:
        days = (r.term_ends_on - today).days
        if days < 0:
            return _("%(n)s days overdue") % {"n": -days}
        return _("%(n)s days left") % {"n": days}

    return Table(
        key="access_requests",
        title=_("Access requests to answer"),
        label_header=_("Pupil"),
        columns=[_("Received"), _("Answer due"), _("Term")],
        rows=[
            Row(
                r.pupil.full_name,
                [date_table(r.received_on), date_table(r.term_ends_on), left(r)],
                link=list_url("cases:access_request_detail", uuid=r.uuid),
                pupil_key=r.pupil.uuid,
            )
            for r in requests
        ],
        empty_text=_("No access request is waiting for an answer."),
        note=_("The %(n)s due first.") % {"n": WORKLIST_ROWS} if len(requests) == WORKLIST_ROWS else "",
    )


def _next_meeting(school_ids: Iterable[int], today) -> Table:
    """The next OT meeting at the user's schools and how far its case discussions are prepared."""
    meeting = meeting_figures.next_meeting(school_ids=school_ids, today=today)
    if meeting is None:
        return Table(
            key="next_meeting",
            title=_("Next OT meeting"),
            label_header=_("Preparation"),
            columns=[_("Done")],
            rows=[],
            empty_text=_("No OT meeting is planned."),
            link=list_url("meetings:index"),
        )
    n = meeting.items_n

    def of_n(done: int) -> str:
        return _("%(done)s of %(n)s") % {"done": done, "n": n}

    return Table(
        key="next_meeting",
        title=_("Next OT meeting: %(school)s, %(date)s")
        % {"school": meeting.school.name, "date": date_prose(meeting.date)},
        label_header=_("Preparation"),
        columns=[_("Done")],
        rows=[
            Row(_("Cases on the agenda"), [n]),
            Row(_("Parents consulted beforehand"), [of_n(meeting.parents)]),
            Row(_("Teacher invited"), [of_n(meeting.teacher)]),
            Row(_("Growth document up to date"), [of_n(meeting.growth_doc)]),
            Row(_("Theme discussions on the agenda"), [meeting.themes_n]),
        ],
        link=list_url("meetings:meeting_detail", uuid=meeting.uuid),
    )
