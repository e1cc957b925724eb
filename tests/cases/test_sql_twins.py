"""Rules written twice on purpose, once in Python for one object and once in SQL for lists and
figures, must agree on the same rows: what is overdue, and when a consent version is in force."""

import itertools
from datetime import date, timedelta

import pytest

from cases import models as m
from cases.actions.models import overdue_q
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 1)
AROUND = [-30, -1, 0, 1, 30]  # days from DAY: the edges are where the two forms could differ


def test_overdue_in_sql_is_overdue_in_python_for_every_status_and_due_date():
    case = CaseFactory()
    for status, offset in itertools.product(m.ActionStatus.values, AROUND):
        ActionFactory(case=case, status=status, due_on=DAY + timedelta(days=offset))

    actions = list(m.Action.objects.filter(case=case))
    in_sql = set(m.Action.objects.filter(overdue_q(DAY), case=case).values_list("pk", flat=True))
    in_python = {a.pk for a in actions if a.is_overdue_on(DAY)}

    assert len(actions) == len(m.ActionStatus.values) * len(AROUND)
    assert in_sql == in_python
    assert in_sql, "some actions are overdue on the day, so the comparison can fail"
    via_case = set(m.Case.objects.filter(overdue_q(DAY, prefix="actions__"), pk=case.pk).values_list("pk", flat=True))
    assert via_case == {case.pk}


def test_consent_in_force_in_sql_is_in_force_in_python_on_the_edges():
    first = PupilFactory()
    versions = []
    for is_current, given, until, withdrawn in itertools.product(
        [True, False], [-30, 0, 1], [None, -1, 0, 30], [None, 0, 5]
    ):
        given_on = DAY + timedelta(days=given)
        valid_until = None if until is None else DAY + timedelta(days=until)
        withdrawn_on = None if withdrawn is None else given_on + timedelta(days=withdrawn)
        if valid_until is not None and valid_until < given_on:
            continue  # a version cannot end before it starts
        pupil = PupilFactory(school=first.school)
        versions.append(
            ConsentFactory(
                pupil=pupil,
                given_on=given_on,
                valid_until=valid_until,
                withdrawn_on=withdrawn_on,
                is_current=is_current,
            )
        )

    ids = [v.pk for v in versions]
    in_sql = set(m.Consent.objects.filter(pk__in=ids).in_force(DAY).values_list("pk", flat=True))
    in_python = {v.pk for v in m.Consent.objects.filter(pk__in=ids) if v.is_in_force(DAY)}

    assert in_sql == in_python
    assert in_sql and in_sql != set(ids), "both outcomes occur, so the comparison can fail"
