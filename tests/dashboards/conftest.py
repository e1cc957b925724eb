from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CareLevel, CaseEventKind, CaseStatus, Intake, IntakeStatus
from meetings.models import MeetingStatus, ThemeDiscussion, ThemeTopic, YearPlan
from ot_portal.core.models import SchoolYear
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory
from tests.factories.core import SchoolFactory, SchoolYearFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, YearPlanFactory


def at(day):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(10)))


def add_event(case, day, kind=CaseEventKind.MEETING):
    from cases.models import CaseEvent

    return CaseEvent.objects.create(
        case=case, kind=kind, message="minutes_recorded", params={"date": day.isoformat()}, at=at(day)
    )


def held_meeting(school, day, *cases, plan_by=None, status=MeetingStatus.APPROVED, by_name=True):
    """An OT meeting on `day` that was held, with the cases on its agenda."""
    plan = YearPlan.objects.filter(school=school, school_year__start_year=SchoolYear.start_year_for(day)).first()
    if plan is None:
        plan = YearPlanFactory(
            school=school, school_year=SchoolYearFactory(start_year=SchoolYear.start_year_for(day)), created_by=plan_by
        )
    meeting = MeetingFactory(plan=plan, date=day, status=status)
    for case in cases:
        AgendaItemFactory(meeting=meeting, case=case, by_name=by_name)
    return meeting


@pytest.fixture
def school_data(org):
    """A small hand-built data set at school A (and a little at school B that must never count)."""
    w = org
    start = w.school_year.starts_on
    ib = w.users["ib_a"]
    c1 = CaseFactory(
        pupil=PupilFactory(school=w.school_a, first_name="Vera", last_name="Eenmaal"),
        status=CaseStatus.ACTIVE,
        care_level=CareLevel.OT,
        opened_on=start + timedelta(days=5),
        lead=ib,
    )
    ConsentFactory(pupil=c1.pupil, recorded_by=ib, given_on=start)
    # Case 1 came in through a submitted zorgformulier; case 2 was opened without one; a draft
    # does not count as an intake.
    Intake.objects.create(
        pupil=c1.pupil,
        school=w.school_a,
        status=IntakeStatus.SUBMITTED,
        case=c1,
        created_by=ib,
        submitted_by=ib,
        submitted_at=at(c1.opened_on),
    )
    m1 = held_meeting(w.school_a, start + timedelta(days=15), c1, plan_by=ib)  # 10 days after intake, consent
    ThemeDiscussion.objects.create(meeting=m1, topic=ThemeTopic.SOCIAL_SAFETY)
    c2 = CaseFactory(
        pupil=PupilFactory(school=w.school_a, first_name="Wout", last_name="Tweemaal"),
        status=CaseStatus.REGISTERED,
        care_level=CareLevel.PUPIL_DISCUSSION,
        opened_on=start + timedelta(days=40),
        lead=ib,
    )
    held_meeting(w.school_a, start + timedelta(days=60), c2, by_name=False)  # 20 days, no consent: anonymous
    Intake.objects.create(pupil=c2.pupil, school=w.school_a, status=IntakeStatus.DRAFT, created_by=ib)
    held_meeting(w.school_a, start + timedelta(days=30), status=MeetingStatus.CANCELLED)
    held_meeting(w.school_a, timezone.localdate() + timedelta(days=10), c1, status=MeetingStatus.PLANNED)
    c3 = CaseFactory(
        pupil=PupilFactory(school=w.school_a),
        status=CaseStatus.CLOSED,
        care_level=CareLevel.OT,
        opened_on=start - timedelta(days=100),
        closed_on=start + timedelta(days=3),
        outcome="resolved",
    )
    CaseFactory(  # closed before the school year: not counted
        pupil=PupilFactory(school=w.school_a),
        status=CaseStatus.CLOSED,
        opened_on=start - timedelta(days=300),
        closed_on=start - timedelta(days=10),
        outcome="resolved",
    )
    cb = CaseFactory(
        pupil=PupilFactory(school=w.school_b, first_name="Bram", last_name="Buitenschool"),
        opened_on=start + timedelta(days=5),
    )
    held_meeting(w.school_b, start + timedelta(days=6), cb, plan_by=w.users["ib_b"])
    today = timezone.localdate()
    ActionFactory(case=c1, owner=ib, due_on=today + timedelta(days=5))
    ActionFactory(case=c1, owner=ib, due_on=today - timedelta(days=5))
    ActionFactory(case=c2, owner=ib, due_on=today - timedelta(days=5), status="done", done_on=today)
    ActionFactory(
        case=c2,
        owner=None,
        created_by=ib,
        external_owner_name="Jeugdzorg Noord",
        external_owner_email="jz@example.nl",
        due_on=today - timedelta(days=2),
    )
    ActionFactory(case=cb, owner=w.users["ib_b"], due_on=today - timedelta(days=9))
    w.cases = {"c1": c1, "c2": c2, "c3": c3, "cb": cb}
    return w


@pytest.fixture
def extra_school(org):
    return SchoolFactory(name="School C", board=org.school_a.board, district=org.school_a.district)
