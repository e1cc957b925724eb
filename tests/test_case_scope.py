"""The case scope selector: membership UNION consent-backed grants, evaluated in SQL."""

from datetime import timedelta

from django.utils import timezone

from cases.casefile.selectors import case_list_for_user
from cases.pupils.selectors import pupil_list_for_user
from tests.factories.cases import grant_case

VISIBLE_CASE_A = {"director_a", "ib_a", "teacher_a", "orthopedagogue_a", "social_team_a"}


def test_case_a_visible_exactly_to_staff_and_granted_externals(world):
    seen_by = {
        name for name, user in world.users.items() if case_list_for_user(user=user).filter(pk=world.case_a.pk).exists()
    }
    assert seen_by == VISIBLE_CASE_A


def test_school_b_case_only_for_school_b(world):
    seen_by = {
        name for name, user in world.users.items() if case_list_for_user(user=user).filter(pk=world.case_b.pk).exists()
    }
    assert seen_by == {"ib_b", "director_b"}


def test_expired_grant_and_ended_membership_lose_access_at_once(world):
    nurse = world.users["youth_nurse_a"]
    grant = grant_case(case=world.case_a, user=nurse, expires_at=timezone.now() + timedelta(hours=1))
    assert case_list_for_user(user=nurse).filter(pk=world.case_a.pk).exists()
    grant.expires_at = timezone.now() - timedelta(seconds=1)
    grant.save()
    assert not case_list_for_user(user=nurse).filter(pk=world.case_a.pk).exists()

    social = world.users["social_team_a"]
    membership = world.memberships["social_team_a"]
    membership.valid_until = timezone.localdate() - timedelta(days=1)
    membership.save()
    assert not case_list_for_user(user=social).filter(pk=world.case_a.pk).exists()


def test_teacher_sees_only_pupils_of_own_groups(world):
    assert list(pupil_list_for_user(user=world.users["teacher_a"])) == [world.pupil_a]
    assert not pupil_list_for_user(user=world.users["teacher_a_other"]).exists()
    assert not pupil_list_for_user(user=world.users["social_team_a"]).exists()
