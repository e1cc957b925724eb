"""The demo and scale data have the dates a real school year would have (issue 15, item 4).

A case closes after its last activity and not months after it; discussions and events come after
the case was opened (and, for a closed case, before it was closed); a CLO decision comes after its
request was received; meetings fall on school days (Monday to Friday, outside the summer holiday).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import Action, Case, CaseEvent, CaseStatus, CaseStatusChange
from clo.models import CommitteeMeeting, Decision, Objection, Request
from meetings.models import AgendaItem, Meeting
from ot_portal.demo.school_calendar import SUMMER_HOLIDAY
from tests.demo_data import load_demo

#: At most this long between a closed case's last activity and its closing.
MAX_IDLE_BEFORE_CLOSING = timedelta(weeks=8)


def summer_holiday_q(field: str) -> Q:
    (m1, d1), (m2, d2) = SUMMER_HOLIDAY
    return (
        Q(**{f"{field}__month": m1, f"{field}__day__gte": d1})
        | Q(**{f"{field}__month__gt": m1, f"{field}__month__lt": m2})
        | Q(**{f"{field}__month": m2, f"{field}__day__lte": d2})
    )


def not_a_school_day_q(field: str) -> Q:
    return Q(**{f"{field}__week_day__in": (1, 7)}) | summer_holiday_q(field)  # 1 = Sunday, 7 = Saturday


def closing_problems(today) -> list[str]:
    problems = []
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    problems += [
        f"case {pk}: closed without a closing date" for pk in closed.filter(closed_on=None).values_list("pk", flat=True)
    ]
    closed = closed.exclude(closed_on=None)
    for pk, opened, closed_on in closed.filter(Q(closed_on__lt=F("opened_on")) | Q(closed_on__gt=today)).values_list(
        "pk", "opened_on", "closed_on"
    ):
        problems.append(f"case {pk}: opened {opened}, closed {closed_on}")
    after_closing = {
        "timeline event": CaseEvent.objects.filter(case=OuterRef("pk"), at__date__gt=OuterRef("closed_on")),
        "action done": Action.objects.filter(case=OuterRef("pk"), done_on__gt=OuterRef("closed_on")),
        "OT discussion": AgendaItem.objects.filter(case=OuterRef("pk"), meeting__date__gt=OuterRef("closed_on")),
    }
    for what, qs in after_closing.items():
        for pk, closed_on in closed.filter(Exists(qs)).values_list("pk", "closed_on"):
            problems.append(f"case {pk}: {what} after its closing on {closed_on}")
    for pk, closed_on, last in (
        closed.annotate(last=TruncDate("last_activity_at"))
        .filter(last__gt=F("closed_on"))
        .values_list("pk", "closed_on", "last")
    ):
        problems.append(f"case {pk}: closed on {closed_on}, last activity {last}")
    closing_changes = CaseStatusChange.objects.filter(to_status=CaseStatus.CLOSED).annotate(day=TruncDate("changed_at"))
    for case_id, day, closed_on in closing_changes.exclude(day=F("case__closed_on")).values_list(
        "case_id", "day", "case__closed_on"
    ):
        problems.append(f"case {case_id}: closed on {closed_on} but its status changed to closed on {day}")
    # The last activity up to the closing: events (not status changes), done actions,
    # discussions in the OT, or the opening itself. Closing comes within a few weeks of it.
    rows = closed.annotate(
        last_event=Max(
            TruncDate("events__at"),
            filter=Q(events__at__date__lte=F("closed_on")) & ~Q(events__kind="status"),
        ),
    ).values_list("pk", "opened_on", "closed_on", "last_event")
    done = dict(
        Action.objects.filter(case__in=closed, done_on__isnull=False)
        .values("case_id")
        .annotate(d=Max("done_on"))
        .values_list("case_id", "d")
    )
    discussed = dict(
        AgendaItem.objects.filter(case__in=closed)
        .values("case_id")
        .annotate(d=Max("meeting__date"))
        .values_list("case_id", "d")
    )
    for pk, opened, closed_on, last_event in rows:
        last = max(d for d in (opened, last_event, done.get(pk), discussed.get(pk)) if d is not None)
        if closed_on - last > MAX_IDLE_BEFORE_CLOSING:
            problems.append(
                f"case {pk}: closed on {closed_on}, {(closed_on - last).days} days after its last activity {last}"
            )
    return problems


def before_opening_problems() -> list[str]:
    problems = []
    for item_id, case_id, day, opened in AgendaItem.objects.filter(meeting__date__lt=F("case__opened_on")).values_list(
        "pk", "case_id", "meeting__date", "case__opened_on"
    ):
        problems.append(f"case {case_id}: discussed on {day} (agenda item {item_id}), opened on {opened}")
    for case_id, day, opened in CaseEvent.objects.filter(at__date__lt=F("case__opened_on")).values_list(
        "case_id", "at__date", "case__opened_on"
    )[:50]:
        problems.append(f"case {case_id}: timeline event on {day}, opened on {opened}")
    for case_id, day, opened in Action.objects.filter(done_on__lt=F("case__opened_on")).values_list(
        "case_id", "done_on", "case__opened_on"
    )[:50]:
        problems.append(f"case {case_id}: action done on {day}, opened on {opened}")
    return problems


def clo_problems(today) -> list[str]:
    problems = []
    for pk, decided, received in Decision.objects.filter(
        Q(decided_on__lt=F("request__received_on")) | Q(request__received_on=None)
    ).values_list("pk", "decided_on", "request__received_on"):
        problems.append(f"decision {pk}: decided on {decided}, request received on {received}")
    problems += [
        f"decision {pk}: decided in the future"
        for pk in Decision.objects.filter(decided_on__gt=today).values_list("pk", flat=True)
    ]
    for pk, received, opened in Request.objects.filter(received_on__lt=F("case__opened_on")).values_list(
        "pk", "received_on", "case__opened_on"
    ):
        problems.append(f"request {pk}: received on {received}, its case opened on {opened}")
    for pk, received, decided in Objection.objects.filter(received_on__lt=F("decision__decided_on")).values_list(
        "pk", "received_on", "decision__decided_on"
    ):
        problems.append(f"objection {pk}: received on {received}, decision of {decided}")
    return problems


def meeting_day_problems() -> list[str]:
    problems = [
        f"OT meeting {pk} on {day:%a %d-%m-%Y}"
        for pk, day in Meeting.objects.filter(not_a_school_day_q("date")).values_list("pk", "date")
    ]
    problems += [
        f"CLO meeting {pk} on {day:%a %d-%m-%Y}"
        for pk, day in CommitteeMeeting.objects.filter(not_a_school_day_q("date")).values_list("pk", "date")
    ]
    return problems


@pytest.mark.django_db
def test_demo_and_scale_data_have_the_dates_of_a_real_school_year():
    load_demo()
    call_command("seed_scale", factor=0.02, stdout=StringIO())
    today = timezone.localdate()
    assert Case.objects.filter(status=CaseStatus.CLOSED, pupil__pupil_number__startswith="S").exists()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(pupil__pupil_number__startswith="S").exists()
    assert Decision.objects.exclude(request__case__pupil__pupil_number__startswith="S").exists()
    problems = {
        "closing": closing_problems(today),
        "before opening": before_opening_problems(),
        "CLO": clo_problems(today),
        "meeting days": meeting_day_problems(),
    }
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "\n".join(f"{k} ({len(v)}):\n  " + "\n  ".join(v[:15]) for k, v in problems.items())
