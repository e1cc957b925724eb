"""Term arithmetic: Awb 4:13 decision term, 4:15 suspension, objection terms (pure functions)."""

from datetime import date

import pytest

from clo import terms


def test_decision_due_is_receipt_plus_term_without_suspension():
    assert terms.decision_due(received_on=date(2026, 9, 1), term_weeks=8, today=date(2026, 9, 2)) == date(2026, 10, 27)
    assert terms.decision_due(received_on=date(2026, 9, 1), term_weeks=6, today=date(2026, 9, 2)) == date(2026, 10, 13)


def test_closed_suspension_moves_the_due_date_by_its_length():
    periods = [(date(2026, 9, 10), date(2026, 9, 24))]  # 14 days incomplete
    due = terms.decision_due(received_on=date(2026, 9, 1), term_weeks=8, periods=periods, today=date(2026, 12, 1))
    assert due == date(2026, 11, 10)


def test_open_suspension_keeps_pushing_the_due_date_until_completion():
    periods = [(date(2026, 9, 10), None)]
    on_20th = terms.decision_due(received_on=date(2026, 9, 1), term_weeks=8, periods=periods, today=date(2026, 9, 20))
    on_30th = terms.decision_due(received_on=date(2026, 9, 1), term_weeks=8, periods=periods, today=date(2026, 9, 30))
    assert (on_30th - on_20th).days == 10
    assert terms.is_suspended(periods)


def test_two_suspensions_add_up():
    periods = [(date(2026, 9, 5), date(2026, 9, 8)), (date(2026, 9, 20), date(2026, 9, 27))]
    assert terms.suspended_days(periods, today=date(2026, 12, 1)) == 10


def test_term_above_eight_weeks_is_refused():
    with pytest.raises(ValueError):
        terms.decision_due(received_on=date(2026, 9, 1), term_weeks=9, today=date(2026, 9, 1))


def test_at_risk_only_while_the_clock_runs():
    due = date(2026, 10, 27)
    assert terms.is_at_risk(due=due, today=date(2026, 10, 21))
    assert not terms.is_at_risk(due=due, today=date(2026, 10, 10))
    assert terms.is_at_risk(due=due, today=date(2026, 11, 2))  # overdue
    assert not terms.is_at_risk(due=due, today=date(2026, 10, 21), suspended=True)


def test_objection_period_and_late_warning():
    decided = date(2026, 10, 1)
    assert terms.objection_period_ends(decided) == date(2026, 11, 12)
    assert not terms.objection_is_late(decided_on=decided, received_on=date(2026, 11, 12))
    assert terms.objection_is_late(decided_on=decided, received_on=date(2026, 11, 13))


def test_lbt_advice_within_two_weeks():
    assert terms.lbt_advice_due(date(2026, 11, 2)) == date(2026, 11, 16)


def test_objection_decision_twelve_weeks_after_the_period_plus_one_extension():
    decided = date(2026, 10, 1)
    assert terms.objection_decision_due(decided_on=decided) == date(2027, 2, 4)
    assert terms.objection_decision_due(decided_on=decided, extension_weeks=6) == date(2027, 3, 18)
    with pytest.raises(ValueError):
        terms.objection_decision_due(decided_on=decided, extension_weeks=7)


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2026, 11, 22), 2, date(2028, 7, 31)),
        (date(2026, 8, 1), 2, date(2028, 7, 31)),
        (date(2027, 3, 1), 1, date(2027, 7, 31)),
        (date(2027, 7, 31), 3, date(2029, 7, 31)),
    ],
)
def test_tlv_default_end_is_31_july_after_the_school_years(start, years, end):
    assert terms.tlv_default_end(starts_on=start, school_years=years) == end


def test_reassessment_deadline_in_the_last_school_year():
    assert terms.reassessment_deadline(ends_on=date(2028, 7, 31)) == date(2028, 4, 15)
    assert terms.reassessment_deadline(ends_on=date(2028, 3, 1)) == date(2027, 4, 15)
