"""Scale data for the meetings and clo apps, added by seed_scale.

Rows go in with bulk_create; nothing here sends mail or writes timelines (it is invented bulk
data, not a user's work).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from clo.models import (
    Decision,
    DecisionOutcome,
    FundingCategory,
    Objection,
    ObjectionOutcome,
    Request,
    RequestKind,
    RequestStatus,
    RequestStatusChange,
)
from meetings.models import AgendaItem, Meeting, MeetingStatus, ThemeDiscussion, ThemeTopic, YearPlan
from ot_portal.core.models import School
from ot_portal.demo.school_calendar import school_day_on_or_after, school_day_on_or_before

BATCH = 2000


def seed_domain_extras(*, org, rng, schools, staff, cases, years, counts, today) -> list[str]:
    """Returns a line per part that was added."""
    return [
        _meetings(rng=rng, schools=schools, staff=staff, cases=cases, years=years, n=counts["meetings"], today=today),
        _clo(org=org, rng=rng, staff=staff, cases=cases, n=counts["requests"], today=today),
    ]


def _meetings(*, rng, schools, staff, cases, years, n, today) -> str:
    existing = {(p.school_id, p.school_year_id): p for p in YearPlan.objects.filter(school__in=schools)}
    new_plans = [
        YearPlan(school=s, school_year=y, goals="Jaarplan (schaaldata)", created_by=staff[s.pk]["ib"])
        for s in schools
        for y in years
        if (s.pk, y.pk) not in existing
    ]
    YearPlan.objects.bulk_create(new_plans)
    plans = {(p.school_id, p.school_year_id): p for p in YearPlan.objects.filter(school__in=schools)}
    cases_by_school: dict[int, list] = {}
    for case in cases:
        cases_by_school.setdefault(case.school_id, []).append(case)
    meetings = []
    for i in range(n):
        school = schools[i % len(schools)]
        year = years[(i // len(schools)) % len(years)]
        # A school day between the summer holidays (1 September to 3 July).
        candidate = year.starts_on + timedelta(days=rng.randint(31, 336))
        day = school_day_on_or_after(candidate)
        if not year.contains(day):
            day = school_day_on_or_before(candidate)
        if day < today:
            status = rng.choice(
                [MeetingStatus.APPROVED, MeetingStatus.APPROVED, MeetingStatus.HELD, MeetingStatus.CANCELLED]
            )
        else:
            status = MeetingStatus.PLANNED
        meetings.append(
            Meeting(
                plan=plans[(school.pk, year.pk)],
                school=school,
                date=day,
                start_time=time(14, 30),
                status=status,
                created_by=staff[school.pk]["ib"],
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    items, themes = [], []
    topics = list(ThemeTopic)
    for meeting in meetings:
        pool = [
            c
            for c in cases_by_school.get(meeting.school_id, [])
            if c.opened_on <= meeting.date and (c.closed_on is None or meeting.date <= c.closed_on)
        ]
        for position, case in enumerate(rng.sample(pool, min(len(pool), rng.randint(2, 6))), start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    case=case,
                    by_name=rng.random() < 0.8,
                    position=position,
                    parents_consulted=rng.random() < 0.7,
                    teacher_invited=rng.random() < 0.8,
                    growth_doc_current=rng.random() < 0.6,
                    added_by=staff[meeting.school_id]["ib"],
                )
            )
        if rng.random() < 0.5:
            themes.append(ThemeDiscussion(meeting=meeting, topic=rng.choice(topics), title="Themabespreking"))
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    ThemeDiscussion.objects.bulk_create(themes, batch_size=BATCH)
    return f"meetings: {len(meetings)} with {len(items)} case discussions and {len(themes)} theme discussions"


def _clo(*, org, rng, staff, cases, n, today) -> str:
    secretary = org.users.get("secretaris@clo.demo")
    boards = dict(School.objects.values_list("pk", "board_id"))
    candidates = [c for c in cases if c.care_level == "clo" or c.status == "escalated"] or cases
    requests = []
    kinds = [RequestKind.TLV_SBO, RequestKind.TLV_SO, RequestKind.ARRANGEMENT, RequestKind.EXTENSION]
    for i in range(n):
        case = candidates[i % len(candidates)]
        received = min(today, case.opened_on + timedelta(days=rng.randint(30, 200)))
        age = (today - received).days
        if age > 70:
            status = rng.choice([RequestStatus.DECIDED] * 6 + [RequestStatus.WITHDRAWN])
        else:
            status = rng.choice(
                [RequestStatus.SUBMITTED, RequestStatus.INCOMPLETE, RequestStatus.ACCEPTED, RequestStatus.PLANNED]
            )
        kind = rng.choice(kinds)
        requests.append(
            Request(
                partnership=org.partnership,
                school_id=case.school_id,
                board_id=boards[case.school_id],
                case=case,
                kind=kind,
                funding_category=rng.choice(list(FundingCategory)) if kind == RequestKind.TLV_SO else "",
                status=status,
                prepared_by=staff[case.school_id]["ib"],
                received_on=received,
            )
        )
    requests = Request.objects.bulk_create(requests, batch_size=BATCH)
    changes, decisions = [], []
    for i, r in enumerate(requests):
        at = timezone.make_aware(datetime.combine(r.received_on, time(9)))
        changes.append(
            RequestStatusChange(
                request=r,
                from_status=RequestStatus.READY,
                to_status=RequestStatus.SUBMITTED,
                changed_by=r.prepared_by,
                changed_at=at,
            )
        )
        if r.status == RequestStatus.DECIDED:
            decided = r.received_on + timedelta(days=rng.randint(20, 70))
            outcome = rng.choice(
                [DecisionOutcome.GRANTED] * 4 + [DecisionOutcome.GRANTED_OTHER, DecisionOutcome.REJECTED]
            )
            granted = outcome != DecisionOutcome.REJECTED
            tlv = r.kind != RequestKind.ARRANGEMENT
            start = decided + timedelta(days=7)
            decisions.append(
                Decision(
                    request=r,
                    number=f"SCH-{i + 1:05d}",
                    outcome=outcome,
                    kind=r.kind,
                    funding_category=r.funding_category if granted else "",
                    motivation="Besluit (schaaldata)",
                    starts_on=start if granted and tlv else None,
                    ends_on=start.replace(year=start.year + rng.choice([1, 2])) if granted and tlv else None,
                    decided_on=decided,
                    decided_by=secretary or r.prepared_by,
                )
            )
    RequestStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)
    objections = []
    for d in decisions:
        if rng.random() >= 0.06:
            continue
        received = min(today, d.decided_on + timedelta(days=rng.randint(5, 40)))
        settled = received < today - timedelta(days=120)  # older objections have been decided
        objections.append(
            Objection(
                decision=d,
                received_on=received,
                objector="De ouders",
                grounds="Bezwaar (schaaldata)",
                recorded_by=d.decided_by,
                lbt_advice_requested_on=received + timedelta(days=7) if settled else None,
                outcome=ObjectionOutcome.REJECTED if settled else ObjectionOutcome.PENDING,
                decided_on=received + timedelta(days=90) if settled else None,
            )
        )
    Objection.objects.bulk_create(objections, batch_size=BATCH)
    return f"CLO: {len(requests)} requests, {len(decisions)} decisions, {len(objections)} objections"
