"""CLO figures (aanvragen, besluiten, TLV's, bezwaren), aggregated in SQL.

Could move to `clo/selectors.py`. Term arithmetic comes from `clo.terms` and
`clo.selectors.term_for` (the same functions the queue uses), applied to open requests only,
which are loaded in two queries (requests and their status history) whatever their number.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils import formats
from django.utils.translation import gettext as _

from clo import terms
from clo.models import (
    GRANTED_OUTCOMES,
    TLV_KINDS,
    Decision,
    DecisionOutcome,
    FundingCategory,
    Objection,
    ObjectionOutcome,
    Request,
    RequestKind,
    RequestStatus,
)
from clo.selectors import OPEN_STATUSES, term_for
from ot_portal.core.models import PartnershipSettings, SchoolYear
from ot_portal.dashboards.figures import median
from ot_portal.dashboards.figures.cases import school_year_of
from ot_portal.dashboards.tables import Row, Table

#: What the committee sees: never a draft, nor one waiting for the director's confirmation.
NOT_SUBMITTED = (RequestStatus.DRAFT, RequestStatus.READY)
LIST_ROWS = 50
TLV_ALERT_DAYS = 183


def available() -> bool:
    return True


def _url(name: str, query: dict | None = None, **kwargs) -> str | None:
    from ot_portal.dashboards.builders import list_url

    return list_url(name, query, **kwargs)


def _d(day: date | None) -> str:
    return formats.date_format(day, "j M Y") if day else "–"


def _in_year(year: SchoolYear, field: str) -> Q:
    return Q(**{f"{field}__gte": year.starts_on, f"{field}__lte": year.ends_on})


# --- Director: the school's requests ---------------------------------------------------------


def director_tables(*, school_ids, year: SchoolYear, today: date) -> list[Table]:
    """CLO requests of the school that were open or started during the year, by status."""
    rows = (
        Request.objects.filter(school_id__in=school_ids)
        .filter(Q(status__in=OPEN_STATUSES) | _in_year(year, "created_at__date"))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["status"]: r["n"] for r in rows}
    return [
        Table(
            key="clo_requests",
            title=_("CLO requests by status"),
            label_header=_("Status"),
            columns=[_("Requests")],
            rows=[Row(str(s.label), [counts.get(s.value, 0)]) for s in RequestStatus],
            footer=Row(_("Total"), [sum(counts.values())]),
            chart="bar",
            link=_url("clo:request_list"),
            note=_("Requests still open, and those started this school year."),
        )
    ]


# --- CLO secretary ---------------------------------------------------------------------------


def clo_tables(*, partnership, year: SchoolYear, today: date, can_process: bool = True) -> list[Table]:
    requests = Request.objects.filter(partnership=partnership).exclude(status__in=NOT_SUBMITTED)
    weeks = (
        PartnershipSettings.objects.filter(partnership=partnership)
        .values_list("decision_term_weeks", flat=True)
        .first()
        or 8
    )
    tables: list[Table] = []

    by_status = {
        r["status"]: r["n"]
        for r in requests.filter(Q(status__in=OPEN_STATUSES) | _in_year(year, "received_on"))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    queue_link = _url("clo:queue") if can_process else None
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
                    link=_url("clo:queue", {"status": s.value}) if can_process and s in OPEN_STATUSES else None,
                )
                for s in RequestStatus
                if s not in NOT_SUBMITTED
            ],
            chart="bar",
            link=queue_link,
            note=_("Open requests, and those received this school year that were decided or withdrawn."),
        )
    )

    open_requests = list(
        requests.filter(status__in=OPEN_STATUSES, received_on__isnull=False)
        .select_related("school")
        .prefetch_related("status_changes")
        .order_by("received_on", "pk")
    )
    at_risk = []
    for r in open_requests:
        term = term_for(r, term_weeks=weeks, today=today)
        if term.at_risk:
            at_risk.append((term.days_left, r, term))
    at_risk.sort(key=lambda item: item[0])
    tables.append(
        Table(
            key="terms_at_risk",
            title=_("Decision terms at risk"),
            label_header=_("Request"),
            columns=[_("School"), _("Received"), _("Decide by"), _("Days left")],
            rows=[
                Row(
                    f"{r.get_kind_display()}",
                    [r.school.name, _d(r.received_on), _d(term.due), days],
                    link=_url("clo:request_detail", uuid=r.uuid) if can_process else None,
                )
                for days, r, term in at_risk[:LIST_ROWS]
            ],
            empty_text=_("No decision term is at risk."),
            note=_("Running terms with a week or less left, or already passed (term: %(weeks)s weeks).")
            % {"weeks": weeks},
            link=queue_link,
        )
    )

    horizon = today + timedelta(days=TLV_ALERT_DAYS)
    expiring = list(
        Decision.objects.filter(
            request__partnership=partnership,
            outcome__in=GRANTED_OUTCOMES,
            kind__in=TLV_KINDS,
            superseded=False,
            ends_on__gte=today,
            ends_on__lte=horizon,
        )
        .select_related("request__school")
        .order_by("ends_on", "pk")[:LIST_ROWS]
    )
    tables.append(
        Table(
            key="tlv_expiring",
            title=_("TLVs expiring within six months"),
            label_header=_("Decision"),
            columns=[_("School"), _("Kind"), _("Valid until")],
            rows=[Row(d.number, [d.request.school.name, d.get_kind_display(), _d(d.ends_on)]) for d in expiring],
            empty_text=_("No TLV expires within six months."),
            link=_url("clo:register"),
        )
    )

    decided = Decision.objects.filter(request__partnership=partnership, revises__isnull=True).filter(
        _in_year(year, "decided_on")
    )
    kind_rows = {
        r["kind"]: r
        for r in decided.values("kind")
        .annotate(
            granted=Count("pk", filter=Q(outcome=DecisionOutcome.GRANTED)),
            granted_other=Count("pk", filter=Q(outcome=DecisionOutcome.GRANTED_OTHER)),
            rejected=Count("pk", filter=Q(outcome=DecisionOutcome.REJECTED)),
            low=Count("pk", filter=Q(funding_category=FundingCategory.LOW)),
            medium=Count("pk", filter=Q(funding_category=FundingCategory.MEDIUM)),
            high=Count("pk", filter=Q(funding_category=FundingCategory.HIGH)),
        )
        .order_by()
    }
    keys = ["granted", "granted_other", "rejected", "low", "medium", "high"]
    body = [Row(str(k.label), [kind_rows.get(k.value, {}).get(f, 0) for f in keys]) for k in RequestKind]
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
            link=_url("clo:register"),
            note=_("Funding category: TLV for a special school (SO) only."),
        )
    )

    lead = decided.annotate(
        days=ExpressionWrapper(F("decided_on") - F("request__received_on"), output_field=DurationField())
    )
    median_days = median(lead, "days", duration=True)
    over = lead.filter(days__gt=timedelta(weeks=weeks)).count()
    total = lead.exclude(days__isnull=True).count()
    tables.append(
        Table(
            key="lead_time",
            title=_("Lead time from receipt to decision"),
            label_header=_("Figure"),
            columns=[_("Value")],
            rows=[
                Row(
                    _("Median days from receipt to decision"),
                    ["–" if median_days is None else formats.number_format(round(median_days, 1), 1)],
                ),
                Row(_("Decisions this school year"), [total]),
                Row(_("Decided after more than %(weeks)s weeks") % {"weeks": weeks}, [over]),
            ],
            note=_("Calendar days; periods in which the file was incomplete are included."),
        )
    )

    pending = list(
        Objection.objects.filter(decision__request__partnership=partnership, outcome=ObjectionOutcome.PENDING)
        .select_related("decision")
        .order_by("received_on", "pk")[:LIST_ROWS]
    )
    objection_rows = []
    for o in pending:
        lbt_due = terms.lbt_advice_due(o.received_on)
        decide_due = terms.objection_decision_due(decided_on=o.decision.decided_on, extension_weeks=o.extension_weeks)
        objection_rows.append(
            Row(
                o.decision.number,
                [
                    _d(o.received_on),
                    _d(o.lbt_advice_requested_on)
                    if o.lbt_advice_requested_on
                    else _("ask by %(date)s") % {"date": _d(lbt_due)},
                    _d(decide_due),
                    (decide_due - today).days,
                ],
                link=_url("clo:objection_detail", uuid=o.uuid),
            )
        )
    objection_rows.sort(key=lambda row: row.values[3])
    tables.append(
        Table(
            key="objections",
            title=_("Objections and their deadlines"),
            label_header=_("Decision"),
            columns=[_("Received"), _("LBT advice requested"), _("Decide on objection by"), _("Days left")],
            rows=objection_rows,
            empty_text=_("No objection is pending."),
        )
    )
    return tables


# --- Partnership -----------------------------------------------------------------------------


def partnership_counts(*, school_ids, year: SchoolYear, today: date) -> tuple[list, dict]:
    per_school: dict[int, dict[str, int]] = {}
    for r in (
        Request.objects.filter(school_id__in=school_ids)
        .exclude(status__in=NOT_SUBMITTED)
        .filter(_in_year(year, "received_on"))
        .values("school_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_school.setdefault(r["school_id"], {})["clo_requests"] = r["n"]
    for r in (
        Decision.objects.filter(
            request__school_id__in=school_ids, outcome__in=GRANTED_OUTCOMES, kind__in=TLV_KINDS, revises__isnull=True
        )
        .filter(_in_year(year, "decided_on"))
        .values("request__school_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_school.setdefault(r["request__school_id"], {})["tlvs_granted"] = r["n"]
    metrics = [("clo_requests", _("CLO requests received")), ("tlvs_granted", _("TLVs granted"))]
    return metrics, per_school


def trend_series(*, school_ids, start_years: list[int]) -> dict:
    if not start_years:
        return {}
    rows = (
        Request.objects.filter(
            school_id__in=school_ids,
            received_on__gte=date(min(start_years), 8, 1),
            received_on__lte=date(max(start_years) + 1, 7, 31),
        )
        .exclude(status__in=NOT_SUBMITTED)
        .annotate(sy=school_year_of("received_on"))
        .values("sy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {_("CLO requests received"): {r["sy"]: r["n"] for r in rows}}
