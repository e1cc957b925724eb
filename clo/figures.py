"""Figures on CLO requests, decisions, TLVs and objections, aggregated in SQL (aanvragen,
besluiten, toelaatbaarheidsverklaringen, bezwaren).

Term arithmetic comes from `clo.terms` and `clo.selectors.term_for` (the same functions the
queue uses), applied to open requests only, which are loaded in two queries (requests and their
status history) whatever their number. The dashboards compose and render these; callers pass a
partnership or school ids they have already scoped for the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

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
    RequestStatus,
)
from clo.selectors import OPEN_STATUSES, TermInfo, term_for
from ot_portal.core.aggregates import Median, any_of, in_school_year, median, per_year, split_per_year
from ot_portal.core.models import Partnership, PartnershipSettings, SchoolYear

#: What the committee sees: never a draft, nor one waiting for the director's confirmation.
NOT_SUBMITTED = (RequestStatus.DRAFT, RequestStatus.READY)
LIST_ROWS = 50
TLV_ALERT_DAYS = 183


def decision_term_weeks(*, partnership: Partnership) -> int:
    return (
        PartnershipSettings.objects.filter(partnership=partnership)
        .values_list("decision_term_weeks", flat=True)
        .first()
        or 8
    )


# --- TLVs granted (director, and the request list behind the figure) ------------------------------


def tlvs_granted(year: SchoolYear) -> QuerySet[Decision]:
    """TLVs granted in the school year: first decisions (not revisions) on a TLV kind with a
    granting outcome, dated in the year."""
    return Decision.objects.filter(outcome__in=GRANTED_OUTCOMES, kind__in=TLV_KINDS, revises__isnull=True).filter(
        in_school_year(year, "decided_on")
    )


def with_tlv_granted(requests: QuerySet[Request], year: SchoolYear) -> QuerySet[Request]:
    """The requests among `requests` on which a TLV was granted in the school year."""
    return requests.filter(Exists(tlvs_granted(year).filter(request_id=OuterRef("pk"))))


# --- Director: the school's requests ------------------------------------------------------------


def listed_in(year: SchoolYear) -> Q:
    """The director's "CLO requests by status" rule: still open, or started during the school year
    (the request list's `?year=` filter uses the same rule)."""
    return Q(status__in=OPEN_STATUSES) | in_school_year(year, "created_at__date")


def school_requests_by_status(*, school_ids: Iterable[int], year: SchoolYear) -> tuple[dict[str, int], int]:
    """CLO requests of the schools that are open, or were started during the year, by status; and
    the number of the schools' requests with a TLV granted in the year (the request list counts the same),
    read in the same grouped query."""
    listed = listed_in(year)
    granted = Exists(tlvs_granted(year).filter(request_id=OuterRef("pk")))
    rows = (
        Request.objects.filter(school_id__in=school_ids)
        .filter(listed | Q(granted))
        .values("status")
        .annotate(n=Count("pk", filter=listed), tlv=Count("pk", filter=Q(granted)))
        .order_by()
    )
    by_status, tlvs = {}, 0
    for r in rows:
        if r["n"]:
            by_status[r["status"]] = r["n"]
        tlvs += r["tlv"]
    return by_status, tlvs


# --- CLO secretary --------------------------------------------------------------------------------


def submitted(*, partnership: Partnership) -> QuerySet[Request]:
    return Request.objects.filter(partnership=partnership).exclude(status__in=NOT_SUBMITTED)


def queue_by_status(*, partnership: Partnership, year: SchoolYear) -> dict[str, int]:
    """Open requests, and those received in the year that were decided or withdrawn, by status."""
    return {
        r["status"]: r["n"]
        for r in submitted(partnership=partnership)
        .filter(Q(status__in=OPEN_STATUSES) | in_school_year(year, "received_on"))
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    }


def terms_at_risk(*, partnership: Partnership, today: date, weeks: int) -> list[tuple[int, Request, TermInfo]]:
    """Open requests whose decision term has a week or less left or has passed, most urgent first.

    Suspension only moves a due date later, so a request received after `today + margin - term`
    cannot be at risk yet: the database leaves those out and `term_for` decides on the rest."""
    latest_receipt = today + timedelta(days=terms.AT_RISK_DAYS) - timedelta(weeks=weeks)
    open_requests = (
        submitted(partnership=partnership)
        .filter(status__in=OPEN_STATUSES, received_on__isnull=False, received_on__lte=latest_receipt)
        .select_related("school")
        .prefetch_related("status_changes")
        .order_by("received_on", "pk")
    )
    at_risk: list[tuple[int, Request, TermInfo]] = []
    for r in open_requests:
        term = term_for(r, term_weeks=weeks, today=today)
        if term.at_risk and term.days_left is not None:  # at risk: open, so counted in days
            at_risk.append((term.days_left, r, term))
    at_risk.sort(key=lambda item: item[0])
    return at_risk[:LIST_ROWS]


def tlvs_expiring(*, partnership: Partnership, today: date) -> list[Decision]:
    """TLVs in force that end within six months, soonest first."""
    return list(
        Decision.objects.filter(
            request__partnership=partnership,
            outcome__in=GRANTED_OUTCOMES,
            kind__in=TLV_KINDS,
            superseded=False,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=TLV_ALERT_DAYS),
        )
        .select_related("request__school")
        .order_by("ends_on", "pk")[:LIST_ROWS]
    )


DECISION_COUNTS = ["granted", "granted_other", "rejected", "low", "medium", "high"]


def decided_in(*, partnership: Partnership, year: SchoolYear) -> QuerySet[Decision]:
    """First decisions (not revisions) dated in the school year."""
    return Decision.objects.filter(request__partnership=partnership, revises__isnull=True).filter(
        in_school_year(year, "decided_on")
    )


def decisions_by_kind(*, partnership: Partnership, year: SchoolYear) -> dict[str, dict[str, int]]:
    return {
        r["kind"]: {name: r[name] for name in DECISION_COUNTS}  # type: ignore[literal-required]  # the annotations above
        for r in decided_in(partnership=partnership, year=year)
        .values("kind")
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


@dataclass(frozen=True)
class DecisionLeadTime:
    median: Median  # calendar days from receipt to decision, over the decisions counted
    decisions: int  # first decisions dated in the year
    over_term: int  # of those counted: decided after more than the term
    no_receipt: int  # left out: the request has no date of receipt
    before_receipt: int  # left out: decision dated before the request was received


def decision_lead_time(*, partnership: Partnership, year: SchoolYear, weeks: int) -> DecisionLeadTime:
    lead = decided_in(partnership=partnership, year=year).annotate(
        days=ExpressionWrapper(F("decided_on") - F("request__received_on"), output_field=DurationField())
    )
    counts = lead.aggregate(
        decisions=Count("pk"),
        over_term=Count("pk", filter=Q(days__gt=timedelta(weeks=weeks))),
        no_receipt=Count("pk", filter=Q(request__received_on__isnull=True)),
        before_receipt=Count("pk", filter=Q(days__lt=timedelta(0))),
    )
    counted = lead.filter(days__gte=timedelta(0))
    return DecisionLeadTime(median=median(counted, "days", duration=True), **{k: v or 0 for k, v in counts.items()})


@dataclass(frozen=True)
class PendingObjection:
    objection: Objection
    lbt_due: date
    decide_due: date


def pending_objections(*, partnership: Partnership) -> list[PendingObjection]:
    """Objections awaiting a decision, with the LBT-advice and decision deadlines, soonest first."""
    rows = [
        PendingObjection(
            o,
            terms.lbt_advice_due(o.received_on),
            terms.objection_decision_due(decided_on=o.decision.decided_on, extension_weeks=o.extension_weeks),
        )
        for o in Objection.objects.filter(decision__request__partnership=partnership, outcome=ObjectionOutcome.PENDING)
        .select_related("decision")
        .order_by("received_on", "pk")[:LIST_ROWS]
    ]
    return sorted(rows, key=lambda row: row.decide_due)


# --- Partnership: per school ----------------------------------------------------------------------

METRICS = ["clo_requests", "tlvs_granted"]


def counts_per_school(*, school_ids: Iterable[int], years: list[SchoolYear]) -> dict[int, dict[int, dict[str, int]]]:
    """Per school year (by start year) and school: requests received in the year, and requests
    with a TLV granted in the year; two queries for all of `years` (a column per figure and year)."""
    out = split_per_year(
        Request.objects.filter(school_id__in=school_ids)
        .exclude(status__in=NOT_SUBMITTED)
        .filter(any_of(in_school_year(year, "received_on") for year in years))
        .values("school_id")
        .annotate(**{per_year("clo_requests", y): Count("pk", filter=in_school_year(y, "received_on")) for y in years})
        .order_by(),
        "school_id",
        years,
    )
    granted = {y.start_year: Exists(tlvs_granted(y).filter(request_id=OuterRef("pk"))) for y in years}
    rows = (
        Request.objects.filter(school_id__in=school_ids)
        .filter(any_of(Q(g) for g in granted.values()))
        .values("school_id")
        .annotate(**{per_year("tlvs_granted", y): Count("pk", filter=Q(granted[y.start_year])) for y in years})
        .order_by()
    )
    for start_year, per_school in split_per_year(rows, "school_id", years).items():
        for sid, counts in per_school.items():
            out[start_year].setdefault(sid, {}).update(counts)
    return out
