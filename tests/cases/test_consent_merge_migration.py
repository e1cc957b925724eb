"""Migration 0007: stacked consent records of the demo kind are merged into one current version,
and nobody's access is wider afterwards than before."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases.casefile.models import CaseGrant
from cases.casefile.selectors import case_list_for_user
from cases.consent import rules
from cases.consent.models import Consent, ConsentGuardian, ConsentMethod, ConsentReview
from cases.consent.selectors import case_may_be_discussed_by_name
from tests.factories.cases import CaseFactory, EnrolmentFactory, GuardianFactory, PupilFactory, grant_case

pytestmark = pytest.mark.django_db
merge = importlib.import_module("cases.migrations.0007_merge_consent_versions").merge_stacked_consents
TODAY = timezone.localdate()


def legacy(pupil, *, days_ago, disciplines, agreed, version, discuss=True, recorder, withdrawn=False):
    """A consent record as it was stored before versions: no current flag, answers only agreed."""
    record = Consent.objects.create(
        pupil=pupil,
        version=version,
        is_current=False,
        given_on=TODAY - timedelta(days=days_ago),
        method=ConsentMethod.VERBAL,
        recorded_by=recorder,
        discuss_in_ot=discuss,
        disciplines=disciplines,
        withdrawn_on=TODAY - timedelta(days=1) if withdrawn else None,
    )
    for guardian in agreed:
        ConsentGuardian.objects.create(consent=record, guardian=guardian, agreed=True)
    return record


def make_pupil(world, *, two_parents=True):
    pupil = PupilFactory(school=world.school_a)
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    pupil.mother = GuardianFactory(pupil=pupil, name="Moeder", has_authority=True)
    pupil.father = GuardianFactory(pupil=pupil, name="Vader", has_authority=two_parents)
    return pupil


def externals_with_access(world, case) -> set[str]:
    return {
        name
        for name in ("orthopedagogue_a", "social_team_a", "social_team_a_nogrant", "youth_nurse_a")
        if case_list_for_user(user=world.users[name]).filter(pk=case.pk).exists()
    }


@pytest.fixture
def stacked(world):
    ib = world.users["ib_a"]
    out = {}
    # Stacked: both parents agreed to the first, only the mother to the second (which adds the youth nurse).
    p = make_pupil(world)
    r1 = legacy(
        p,
        days_ago=100,
        disciplines=["orthopedagogue", "social_team"],
        agreed=[p.mother, p.father],
        version=1,
        recorder=ib,
    )
    r2 = legacy(
        p,
        days_ago=30,
        disciplines=["orthopedagogue", "social_team", "youth_nurse"],
        agreed=[p.mother],
        version=2,
        recorder=ib,
    )
    case = CaseFactory(pupil=p)
    for persona in ("orthopedagogue_a", "social_team_a", "youth_nurse_a"):
        grant_case(case=case, user=world.users[persona], consent=r2)
    out["stacked"] = (p, case, r1)
    # One parent of two agreed: it was in force before, now waits for the second parent.
    p = make_pupil(world)
    r = legacy(p, days_ago=20, disciplines=["social_team"], agreed=[p.mother], version=1, recorder=ib)
    case = CaseFactory(pupil=p)
    grant_case(case=case, user=world.users["social_team_a"], consent=r)
    out["one_parent"] = (p, case, r)
    # A closed case that kept its grant.
    p = make_pupil(world, two_parents=False)
    r = legacy(p, days_ago=50, disciplines=["orthopedagogue"], agreed=[p.mother], version=1, recorder=ib)
    case = CaseFactory(pupil=p, closed=True)
    grant_case(case=case, user=world.users["orthopedagogue_a"], consent=r)
    out["closed"] = (p, case, r)
    # Nothing changes: one record, the only holder agreed.
    p = make_pupil(world, two_parents=False)
    r = legacy(p, days_ago=10, disciplines=["orthopedagogue"], agreed=[p.mother], version=1, recorder=ib)
    case = CaseFactory(pupil=p)
    grant_case(case=case, user=world.users["orthopedagogue_a"], consent=r)
    out["unchanged"] = (p, case, r)
    # Withdrawn before: stays withdrawn, one current version.
    p = make_pupil(world, two_parents=False)
    legacy(p, days_ago=40, disciplines=["social_team"], agreed=[p.mother], version=1, recorder=ib, withdrawn=True)
    out["withdrawn"] = (p, CaseFactory(pupil=p), None)
    return out


def legacy_named(pupil) -> bool:
    """Before versions, meetings named a pupil when any record in force allowed it."""
    return (
        Consent.objects.filter(pupil=pupil, discuss_in_ot=True, withdrawn_on__isnull=True, given_on__lte=TODAY)
        .exclude(valid_until__lt=TODAY)
        .exists()
    )


def test_merge_leaves_one_current_version_and_never_widens_access(world, stacked):
    before = {
        key: (externals_with_access(world, case), legacy_named(pupil)) for key, (pupil, case, _r) in stacked.items()
    }
    assert before["stacked"] == ({"orthopedagogue_a", "social_team_a", "youth_nurse_a"}, True)

    merge(django_apps, None)

    for key, (pupil, case, _r) in stacked.items():
        assert Consent.objects.filter(pupil=pupil, is_current=True).count() == 1, key
        access, named = externals_with_access(world, case), case_may_be_discussed_by_name(case=case)
        assert access <= before[key][0], key
        assert before[key][1] or not named, key

    pupil, case, first = stacked["stacked"]
    current = Consent.objects.get(pupil=pupil, is_current=True)
    assert current.version == 3 and current.supersedes.version == 2
    assert current.item_status == {
        rules.NAMED: rules.IN_FORCE,
        "orthopedagogue": rules.IN_FORCE,
        "social_team": rules.IN_FORCE,
        "youth_nurse": rules.WAITING_SECOND_PARENT,
    }
    assert externals_with_access(world, case) == {"orthopedagogue_a", "social_team_a"}
    assert CaseGrant.objects.active().filter(content_object=case, consent=current).count() == 2
    review = ConsentReview.objects.get(pupil=pupil)
    assert (review.reason, review.items) == ("second_parent", ["youth_nurse"])
    first.refresh_from_db()
    assert first.version == 1 and not first.is_current and first.superseded_at is not None

    pupil, case, _r = stacked["one_parent"]
    assert externals_with_access(world, case) == set()
    assert ConsentReview.objects.get(pupil=pupil).reason == "second_parent"

    pupil, case, _r = stacked["closed"]
    assert not CaseGrant.objects.active().filter(content_object=case).exists()
    assert ConsentReview.objects.filter(pupil=pupil).exists()

    pupil, case, _r = stacked["unchanged"]
    assert externals_with_access(world, case) == {"orthopedagogue_a"}
    assert not ConsentReview.objects.filter(pupil=pupil).exists()

    pupil, case, _r = stacked["withdrawn"]
    current = Consent.objects.get(pupil=pupil, is_current=True)
    assert current.withdrawn_on is not None and not current.is_in_force()


def test_merge_twice_changes_nothing_and_the_worklist_shows_the_reason(world, stacked, client_for):
    from django.urls import reverse

    merge(django_apps, None)
    versions = Consent.objects.count()
    merge(django_apps, None)
    assert Consent.objects.count() == versions
    page = client_for(world.users["ib_a"]).get(reverse("dashboards:worklist")).content.decode()
    assert "wacht op tweede ouder: jeugdverpleegkundige" in page.lower()
    # Recording a new version resolves the review.
    from cases.consent.services import consent_record

    pupil = stacked["stacked"][0]
    consent_record(
        actor=world.users["ib_a"],
        pupil=pupil,
        guardians=[pupil.mother, pupil.father],
        given_on=TODAY,
        method=ConsentMethod.VERBAL,
        disciplines=["orthopedagogue", "social_team", "youth_nurse"],
    )
    assert not ConsentReview.objects.filter(pupil=pupil, resolved_at__isnull=True).exists()
