"""cases/consent/rules.py: who decides, per item, and when a version is in force."""

from datetime import date, timedelta

import pytest

from cases.consent import rules
from cases.consent.rules import IN_FORCE, INFORMED, NAMED, NO, REFUSED, WAITING_PUPIL, WAITING_SECOND_PARENT, YES

ASKED = [NAMED, "social_team"]


def decide(holders, *, pupil=None, age=9, both=True):
    return rules.decide(asked=ASKED, holder_answers=holders, pupil_answers=pupil, age=age, both_must_agree=both)


def test_both_holders_agreed_puts_everything_in_force():
    d = decide([{NAMED: YES, "social_team": YES}, {NAMED: YES, "social_team": YES}])
    assert d.named and d.disciplines == ["social_team"]


def test_one_of_two_holders_agreed_waits_for_the_second_parent():
    d = decide([{NAMED: YES, "social_team": YES}, {}])
    assert d.in_force == frozenset()
    assert d.status == {NAMED: WAITING_SECOND_PARENT, "social_team": WAITING_SECOND_PARENT}


def test_one_parents_no_beats_the_others_yes_even_when_relaxed():
    for both in (True, False):
        d = decide([{NAMED: YES, "social_team": YES}, {NAMED: YES, "social_team": NO}], both=both)
        assert d.status == {NAMED: IN_FORCE, "social_team": REFUSED}


def test_relaxed_rule_accepts_one_agreed_and_the_other_informed():
    holders = [{NAMED: YES, "social_team": YES}, {NAMED: INFORMED, "social_team": INFORMED}]
    assert decide(holders, both=True).in_force == frozenset()
    assert decide(holders, both=False).in_force == {NAMED, "social_team"}
    # Informed by both is no agreement at all.
    assert decide([{NAMED: INFORMED}, {NAMED: INFORMED}], both=False).status[NAMED] == rules.WAITING_PARENTS


def test_from_12_to_16_parents_and_pupil_must_agree():
    parents = [{NAMED: YES, "social_team": YES}]
    assert decide(parents, age=13).status == {NAMED: WAITING_PUPIL, "social_team": WAITING_PUPIL}
    assert decide(parents, age=13, pupil={NAMED: YES, "social_team": NO}).status == {
        NAMED: IN_FORCE,
        "social_team": REFUSED,
    }
    assert decide([{}], age=13, pupil={NAMED: YES}).status[NAMED] == rules.WAITING_PARENTS


def test_from_16_the_pupil_decides_alone():
    assert decide([{NAMED: NO}], age=16, pupil={NAMED: YES, "social_team": YES}).in_force == {NAMED, "social_team"}
    assert decide([{NAMED: YES, "social_team": YES}], age=17).status[NAMED] == WAITING_PUPIL


def test_under_12_the_pupils_answer_does_not_count():
    d = decide([{NAMED: YES, "social_team": YES}], age=11, pupil={NAMED: NO})
    assert d.in_force == {NAMED, "social_team"}


def test_no_holder_of_authority_means_nothing_in_force():
    assert decide([]).status == {NAMED: rules.NO_AUTHORITY_HOLDER, "social_team": rules.NO_AUTHORITY_HOLDER}


@pytest.mark.parametrize(
    ("age", "band"),
    [(4, rules.BAND_CHILD), (11, rules.BAND_CHILD), (12, rules.BAND_YOUNG_TEEN), (16, rules.BAND_SIXTEEN)],
)
def test_age_bands(age, band):
    assert rules.age_band(age) == band


def test_is_in_force_dates():
    today = date(2026, 12, 1)
    base = {"is_current": True, "given_on": today, "valid_until": None, "withdrawn_on": None, "on": today}
    assert rules.is_in_force(**base)
    assert not rules.is_in_force(**{**base, "is_current": False})
    assert not rules.is_in_force(**{**base, "given_on": today + timedelta(days=1)})
    assert not rules.is_in_force(**{**base, "valid_until": today - timedelta(days=1)})
    assert rules.is_in_force(**{**base, "valid_until": today})
    assert not rules.is_in_force(**{**base, "withdrawn_on": today})
