"""The CLO secretary's dashboard (CLO-secretariaat): the queue, terms at risk, TLVs expiring,
decisions, lead time and objections of one partnership."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from clo import figures as clo_figures
from clo.models import DecisionOutcome, FundingCategory, RequestKind, RequestStatus
from clo.selectors import OPEN_STATUSES
from ot_portal.core.access import Perm, has_partnership_permission
from ot_portal.core.audit import ObjectType
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards.links import list_url
from ot_portal.dashboards.tables import Dashboard, DashboardKind, Row, Table
from ot_portal.dashboards.text import day, days, subtitle


def clo_dashboard(request) -> Dashboard:
    """CLO-secretariaat: the queue, terms at risk, TLVs expiring, decisions, objections."""
    sc = scoping.partnership_scope(request, Perm.CLO_DASHBOARD, object_type=ObjectType.DASHBOARD_CLO)
    today = timezone.localdate()
    partnership, year = sc.partnership, sc.year
    assert partnership is not None  # a partnership scope names its partnership (404 otherwise)
    can_process = has_partnership_permission(request.user, Perm.CLO_PROCESS, partnership.pk)
    weeks = clo_figures.decision_term_weeks(partnership=partnership)
    queue_link = list_url("clo:queue") if can_process else None
    tables: list[Table] = []

    by_status = clo_figures.queue_by_status(partnership=partnership, year=year)
    tables.append(
        Table(
            key="queue",
            title=_("Queue by state"),
            label_header=_("Status"),
            columns=[_("Requests")],
            rows=[
                Row(
                    str(s.label),
                    [by_status.get(s.value, 0)],
                    link=list_url("clo:queue", {"status": s.value}) if can_process and s in OPEN_STATUSES else None,
                )
                for s in RequestStatus
                if s not in clo_figures.NOT_SUBMITTED
            ],
            chart="bar",
            link=queue_link,
            definition=_("Open requests, and those received this school year that were decided or withdrawn."),
        )
    )

    tables.append(
        Table(
            key="terms_at_risk",
            title=_("Decision terms at risk"),
            label_header=_("Request"),
            columns=[_("School"), _("Received"), _("Decide by"), _("Days left")],
            rows=[
                Row(
                    f"{r.get_kind_display()}",
                    [r.school.name, day(r.received_on), day(term.due), left],
                    link=list_url("clo:request_detail", uuid=r.uuid) if can_process else None,
                )
                for left, r, term in clo_figures.terms_at_risk(partnership=partnership, today=today, weeks=weeks)
            ],
            empty_text=_("No decision term is at risk."),
            definition=_("Running terms with a week or less left, or already passed (term: %(weeks)s weeks).")
            % {"weeks": weeks},
            link=queue_link,
        )
    )

    tables.append(
        Table(
            key="tlv_expiring",
            title=_("TLVs expiring within six months"),
            label_header=_("Decision"),
            columns=[_("School"), _("Kind"), _("Valid until")],
            rows=[
                Row(d.number, [d.request.school.name, d.get_kind_display(), day(d.ends_on)])
                for d in clo_figures.tlvs_expiring(partnership=partnership, today=today)
            ],
            empty_text=_("No TLV expires within six months."),
            link=list_url("clo:register"),
            definition=_("Granted TLVs, not superseded, whose end date falls within the next six months."),
        )
    )

    kinds = clo_figures.decisions_by_kind(partnership=partnership, year=year)
    keys = clo_figures.DECISION_COUNTS
    body = [Row(str(k.label), [kinds.get(k.value, {}).get(f, 0) for f in keys]) for k in RequestKind]
    tables.append(
        Table(
            key="decisions",
            title=_("Decisions this school year by kind and category"),
            label_header=_("Kind"),
            columns=[
                str(DecisionOutcome.GRANTED.label),
                str(DecisionOutcome.GRANTED_OTHER.label),
                str(DecisionOutcome.REJECTED.label),
                str(FundingCategory.LOW.label),
                str(FundingCategory.MEDIUM.label),
                str(FundingCategory.HIGH.label),
            ],
            rows=body,
            footer=Row(_("Total"), [sum(r.values[i] for r in body) for i in range(len(keys))]),
            chart="bar",
            chart_columns=3,
            link=list_url("clo:register"),
            definition=_("First decisions (not revisions) dated in the school year."),
            note=_("Funding category: TLV for a special school (SO) only."),
        )
    )

    lead = clo_figures.decision_lead_time(partnership=partnership, year=year, weeks=weeks)
    tables.append(
        Table(
            key="lead_time",
            title=_("Lead time from receipt to decision"),
            label_header=_("Figure"),
            columns=[_("Value")],
            rows=[
                Row(
                    _("Median days from receipt to decision"),
                    [days(lead.median.value)],
                    definition=_(
                        "Calendar days; periods in which the file was incomplete are included. Over the decisions "
                        "counted below."
                    ),
                ),
                Row(_("Decisions in this median (n)"), [lead.median.n]),
                Row(_("Decisions this school year"), [lead.decisions]),
                Row(
                    _("Left out: request has no date of receipt"),
                    [lead.no_receipt],
                    definition=_("Without a date of receipt no term can be counted."),
                ),
                Row(
                    _("Left out: decision dated before receipt"),
                    [lead.before_receipt],
                    definition=_("The dates contradict each other, so no number of days can be given."),
                ),
                Row(_("Decided after more than %(weeks)s weeks") % {"weeks": weeks}, [lead.over_term]),
            ],
            definition=_("First decisions (not revisions) dated in the school year."),
        )
    )

    tables.append(
        Table(
            key="objections",
            title=_("Objections and their deadlines"),
            label_header=_("Decision"),
            columns=[_("Received"), _("LBT advice requested"), _("Decide on objection by"), _("Days left")],
            rows=[
                Row(
                    p.objection.decision.number,
                    [
                        day(p.objection.received_on),
                        day(p.objection.lbt_advice_requested_on)
                        if p.objection.lbt_advice_requested_on
                        else _("ask by %(date)s") % {"date": day(p.lbt_due)},
                        day(p.decide_due),
                        (p.decide_due - today).days,
                    ],
                    link=list_url("clo:objection_detail", uuid=p.objection.uuid),
                )
                for p in clo_figures.pending_objections(partnership=partnership)
            ],
            empty_text=_("No objection is pending."),
            definition=_("Objections not yet decided, with the deadline for LBT advice and for the decision."),
        )
    )
    return Dashboard(
        kind=DashboardKind.CLO,
        title=_("CLO dashboard"),
        subtitle=subtitle(partnership.name, year),
        tables=tables,
        query=urlencode({"partnership": str(partnership.uuid), "year": year.start_year}),
        context={"scope": sc},
        pupil_level=True,
    )
