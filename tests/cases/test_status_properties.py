"""The properties the templates read instead of comparing status strings: each says one rule or
one wording, in the package that owns the concept."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from cases.actions import rules as action_rules
from cases.actions.models import Action, ActionStatus
from cases.consent import rules as consent_rules
from cases.consent.models import Consent, ConsentGuardian
from cases.participation import rules as participation_rules
from cases.participation.models import MAX_WRONG_CODES, Invitation, InvitationState
from cases.participation.selectors import ConsentItem, OppStatus

MONDAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_only_an_open_action_is_open_and_only_an_open_one_is_overdue():
    for status in ActionStatus:
        action = Action(status=status, due_on=MONDAY - timedelta(days=1))
        assert action.is_open is (status == ActionStatus.OPEN)
        assert action.is_overdue_on(MONDAY) is action.is_open


@pytest.mark.parametrize(
    ("due_on", "group", "label"),
    [
        (MONDAY - timedelta(days=1), action_rules.OVERDUE, "Overdue"),
        (MONDAY + timedelta(days=6), action_rules.THIS_WEEK, "This week"),  # Sunday
        (MONDAY + timedelta(days=7), action_rules.LATER, "Later"),
    ],
)
def test_the_due_group_carries_its_heading_and_whether_it_is_overdue(due_on, group, label):
    found = action_rules.due_group(Action(status=ActionStatus.OPEN, due_on=due_on), today=MONDAY)
    assert found == group and str(found) == group.value  # the anchor id on the page, e.g. due-list-overdue
    assert found.label == label
    assert found.is_overdue is (group == action_rules.OVERDUE)


@pytest.mark.parametrize(
    ("answers", "text"),
    [
        ({consent_rules.NAMED: consent_rules.YES}, "agreed"),
        ({consent_rules.NAMED: consent_rules.NO}, "did not agree"),
        ({consent_rules.NAMED: consent_rules.INFORMED}, "informed, no objection"),
        ({}, "no answer"),
    ],
)
def test_a_guardians_answer_reads_as_in_the_consent_history(answers, text):
    assert ConsentGuardian(answers=answers).answer_text == text


def test_the_pupils_own_answer_reads_agreed_or_not():
    assert Consent(pupil_answers={consent_rules.NAMED: consent_rules.YES}).pupil_answer_text == "agreed"
    assert Consent(pupil_answers={consent_rules.NAMED: consent_rules.NO}).pupil_answer_text == "did not agree"
    assert Consent(pupil_answers={}).pupil_answer_text == ""


@pytest.mark.parametrize(
    ("item", "answer", "agreed", "text"),
    [
        (consent_rules.NAMED, consent_rules.YES, True, "you agreed"),
        ("social_team", consent_rules.NO, False, "you did not agree"),
        ("social_team", "", False, "not answered yet"),
    ],
)
def test_a_parents_own_consent_item(item, answer, agreed, text):
    entry = ConsentItem(item=item, title="", data="", why="", receivers=[], my_answer=answer, status="", status_text="")
    assert entry.has_agreed is agreed  # only then the page offers to withdraw it
    assert entry.my_answer_text == text
    assert entry.is_named is (item == consent_rules.NAMED)


@pytest.mark.parametrize(
    ("state", "flags"),
    [
        (participation_rules.IN_EFFECT, (True, False, False)),
        (participation_rules.DISAGREED, (False, True, False)),
        (participation_rules.WAITING, (False, False, True)),
        (participation_rules.NO_OPP, (False, False, False)),
    ],
)
def test_the_opp_status_says_which_state_its_action_part_is_in(state, flags):
    status = OppStatus(document=None, current_hash="", state=state, holders=[], history=[])
    assert (status.in_effect, status.disagreed, status.waiting) == flags


def test_an_invitation_state_carries_its_badge_and_label():
    now = timezone.now()
    live = Invitation(expires_at=now + timedelta(days=1), wrong_codes=0)
    assert live.state() == InvitationState.LIVE and live.is_live
    assert (live.state().label, live.state().badge) == ("active", "text-bg-success")
    locked = Invitation(expires_at=now + timedelta(days=1), wrong_codes=MAX_WRONG_CODES)
    assert (locked.state().label, locked.state().badge) == ("locked", "text-bg-danger")
    expired = Invitation(expires_at=now - timedelta(minutes=1), wrong_codes=0)
    assert (expired.state().label, expired.state().badge) == ("link expired", "text-bg-secondary")
    ended = Invitation(expires_at=now + timedelta(days=1), wrong_codes=0, ended_at=now)
    assert ended.state().is_ended and not live.state().is_ended
