from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CareLevel, CaseEventKind, CaseStatus
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory
from tests.factories.core import SchoolFactory


def at(day):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(10)))


def add_event(case, day, kind=CaseEventKind.MEETING):
    from cases.models import CaseEvent

    return CaseEvent.objects.create(case=case, kind=kind, summary="Besproken in OT", at=at(day))


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
    add_event(c1, start + timedelta(days=15))  # 10 days after intake, consent in force
    c2 = CaseFactory(
        pupil=PupilFactory(school=w.school_a, first_name="Wout", last_name="Tweemaal"),
        status=CaseStatus.REGISTERED,
        care_level=CareLevel.PUPIL_DISCUSSION,
        opened_on=start + timedelta(days=40),
        lead=ib,
    )
    add_event(c2, start + timedelta(days=60))  # 20 days, no consent
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
    add_event(cb, start + timedelta(days=6))
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
