"""One consent, one truth per pupil: versions, who decides, grants following consent and the
case's life, regie following access, and the bad input of issue 10."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cases.casefile.models import CaseEventKind, CaseGrant, CaseLeadChange
from cases.casefile.selectors import case_list_for_user
from cases.casefile.services import case_change_status, case_handover_regie, case_open
from cases.consent import rules
from cases.consent.models import Consent, ConsentMethod
from cases.consent.selectors import (
    case_may_be_discussed_by_name,
    consent_attention_for_schools,
    consent_in_force,
    consent_scope,
)
from cases.consent.services import (
    consent_record,
    consent_record_change,
    consent_withdraw,
    consent_withdraw_change,
    sync_grants,
)
from cases.pupils.services import guardian_save, pupil_save
from ot_portal.core.formats import date_prose
from tests.factories.cases import ActionFactory, EnrolmentFactory, GuardianFactory, PupilFactory
from tests.factories.core import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def pupil(world):
    pupil = PupilFactory(school=world.school_a)
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    pupil.mother = GuardianFactory(pupil=pupil, name="Moeder Test", has_authority=True)
    pupil.father = GuardianFactory(pupil=pupil, name="Vader Test", has_authority=True)
    pupil.case = case_open(actor=world.users["ib_a"], pupil=pupil)
    return pupil


def record(world, pupil, **kwargs):
    args = {
        "actor": world.users["ib_a"],
        "pupil": pupil,
        "guardians": [pupil.mother, pupil.father],
        "given_on": YESTERDAY,
        "method": ConsentMethod.VERBAL,
        "disciplines": ["social_team", "orthopedagogue"],
    }
    args.update(kwargs)
    return consent_record(**args)


def sees(world, persona, case) -> bool:
    return case_list_for_user(user=world.users[persona]).filter(pk=case.pk).exists()


# --- One current version --------------------------------------------------------------------


def test_every_change_adds_a_version_and_exactly_one_is_current(world, pupil):
    first = record(world, pupil)
    second = record(world, pupil, disciplines=["orthopedagogue"])
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert not first.is_current and second.is_current and second.supersedes == first
    assert Consent.objects.filter(pupil=pupil, is_current=True).count() == 1
    assert "Niet meer gevraagd: Medewerker sociaal team" in second.change_summary
    assert consent_in_force(pupil=pupil) == second
    # The earlier version grants nothing any more: only what the current one shares.
    assert not sees(world, "social_team_a", pupil.case)
    assert sees(world, "orthopedagogue_a", pupil.case)


def test_the_database_refuses_a_second_current_version(world, pupil):
    consent = record(world, pupil)
    duplicate = Consent(
        pupil=pupil, version=consent.version + 1, is_current=True, given_on=YESTERDAY, method=ConsentMethod.VERBAL
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_python_and_sql_agree_on_in_force(world, pupil):
    today = timezone.localdate()
    consent = record(world, pupil, valid_until=today)
    for day in (YESTERDAY - timedelta(days=1), YESTERDAY, today, today + timedelta(days=1)):
        sql = Consent.objects.in_force(day).filter(pk=consent.pk).exists()
        assert sql == consent.is_in_force(day), day
        assert Consent.objects.may_be_named(day).filter(pk=consent.pk).exists() == consent.may_be_named(day)
        assert Consent.objects.covering("social_team", day).filter(pk=consent.pk).exists() == consent.covers(
            "social_team", day
        )
    assert not Consent.objects.covering("social_team_x").exists()


# --- Who decides --------------------------------------------------------------------------------


def test_one_parent_consent_while_two_hold_authority_grants_nothing(world, pupil):
    consent = record(world, pupil, guardians=[pupil.mother])
    assert consent.item_status == {
        rules.NAMED: rules.WAITING_SECOND_PARENT,
        "orthopedagogue": rules.WAITING_SECOND_PARENT,
        "social_team": rules.WAITING_SECOND_PARENT,
    }
    assert not sees(world, "social_team_a", pupil.case)
    assert not sees(world, "orthopedagogue_a", pupil.case)
    assert not case_may_be_discussed_by_name(case=pupil.case)
    scope = consent_scope(pupil=pupil)
    assert scope.missing == [pupil.father] and not scope.named and scope.shared_with == []
    # The second parent's answer is a new version, and then it is in force.
    both = record(world, pupil, guardians=[pupil.father])
    assert both.version == 2 and sees(world, "social_team_a", pupil.case)
    assert case_may_be_discussed_by_name(case=pupil.case)


def test_one_parents_no_beats_the_others_yes(world, pupil):
    consent = record(world, pupil, guardians=[pupil.mother], refused_by=[pupil.father])
    assert consent.item_status["social_team"] == rules.REFUSED
    assert not sees(world, "social_team_a", pupil.case)
    assert not case_may_be_discussed_by_name(case=pupil.case)


def test_relaxed_partnership_rule_is_audited_and_resyncs_the_whole_partnership(world, pupil):
    from auditlog.models import LogEntry

    record(world, pupil, guardians=[pupil.mother], informed=[pupil.father])
    assert not sees(world, "social_team_a", pupil.case)
    settings = world.partnership.settings
    settings.consent_both_holders_required = False
    settings.save()
    assert sees(world, "social_team_a", pupil.case)
    current = consent_in_force(pupil=pupil)
    assert current.version == 2 and "regel van het samenwerkingsverband" in current.change_summary
    assert any("consent_both_holders_required" in str(e.changes) for e in LogEntry.objects.get_for_object(settings))
    # A "no" still wins under the relaxed rule.
    record(world, pupil, guardians=[pupil.mother], refused_by=[pupil.father])
    assert not sees(world, "social_team_a", pupil.case)
    settings.consent_both_holders_required = True
    settings.save()
    assert consent_in_force(pupil=pupil).version == 3  # nothing to decide differently: no new version


def test_pupil_under_12_gets_no_pupil_field_and_12_to_16_needs_it(world, pupil, client_for):
    client = client_for(world.users["ib_a"])
    url = reverse("cases:consent_add", kwargs={"uuid": pupil.uuid})
    assert pupil.age_on() < 12
    assert 'name="pupil_answer"' not in client.get(url).content.decode()
    today = timezone.localdate()
    pupil.date_of_birth = today.replace(year=today.year - 13)
    pupil.save()
    assert 'name="pupil_answer"' in client.get(url).content.decode()
    consent = record(world, pupil, pupil_answer=rules.NO)
    assert consent.item_status["social_team"] == rules.REFUSED
    assert not sees(world, "social_team_a", pupil.case)


def test_from_16_the_pupil_decides_alone(world, pupil):
    today = timezone.localdate()
    pupil.date_of_birth = today.replace(year=today.year - 16) - timedelta(days=3)
    pupil.save()
    consent = record(world, pupil, guardians=[], refused_by=[pupil.mother], pupil_answer=rules.YES)
    assert set(consent.shared_with) == {"orthopedagogue", "social_team"}
    assert sees(world, "social_team_a", pupil.case)


def test_turning_12_puts_ask_again_on_the_worklist(world, pupil):
    today = timezone.localdate()
    pupil.date_of_birth = today.replace(year=today.year - 12) + timedelta(days=10)  # 11, turns 12 in 10 days
    pupil.save()
    record(world, pupil)
    assert consent_attention_for_schools(school_ids=[world.school_a.pk], today=today) == []
    later = consent_attention_for_schools(school_ids=[world.school_a.pk], today=today + timedelta(days=11))
    assert [(a.pupil, "opnieuw vragen" in a.reason) for a in later] == [(pupil, True)]


def test_adding_a_guardian_or_changing_authority_versions_consent_and_resyncs(world, pupil):
    record(world, pupil)
    assert sees(world, "social_team_a", pupil.case)
    guardian_save(
        actor=world.users["ib_a"],
        pupil=pupil,
        data={"name": "Pleegmoeder", "relation": "pleegouder", "has_authority": True},
    )
    current = consent_in_force(pupil=pupil)
    assert current.version == 2 and "Pleegmoeder" in current.change_summary
    assert current.item_status["social_team"] == rules.WAITING_SECOND_PARENT
    assert not sees(world, "social_team_a", pupil.case)
    # The new guardian loses authority again: both original parents' answers suffice once more.
    newcomer = pupil.guardians.get(name="Pleegmoeder")
    pupil_save(
        actor=world.users["ib_a"],
        school=pupil.school,
        data={},
        pupil=pupil,
        guardians=[(newcomer, {"has_authority": False})],
    )
    current = consent_in_force(pupil=pupil)
    assert current.version == 3 and "geen ouderlijk gezag meer" in current.change_summary
    assert sees(world, "social_team_a", pupil.case)


# --- Withdrawal ---------------------------------------------------------------------------------


def test_withdrawing_the_social_team_gives_404_at_once_and_regie_goes_to_the_ib(world, pupil, client_for):
    record(world, pupil)
    case_handover_regie(actor=world.users["ib_a"], case=pupil.case, to_holder=world.users["social_team_a"])
    action = ActionFactory(case=pupil.case, owner=world.users["social_team_a"], created_by=world.users["ib_a"])
    social = client_for(world.users["social_team_a"])
    case_url = reverse("cases:case_detail", kwargs={"uuid": pupil.case.uuid})
    assert social.get(case_url).status_code == 200
    consent = consent_in_force(pupil=pupil)

    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_withdraw", kwargs={"uuid": consent.uuid}),
        {
            "scope": "social_team",
            "version": consent.version,
            "withdrawn_on": timezone.localdate().isoformat(),
            "reason": "Moeder wil het sociaal team er niet meer bij",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Ingetrokken: Medewerker sociaal team" in page
    assert "Hebben geen toegang meer:" in page and "Social Team A" in page
    assert "Houden toegang:" in page and "Orthopedagogue A" in page
    assert social.get(case_url).status_code == 404
    assert sees(world, "orthopedagogue_a", pupil.case)
    pupil.case.refresh_from_db()
    assert pupil.case.lead == world.users["ib_a"]
    move = CaseLeadChange.objects.filter(case=pupil.case).latest("pk")
    assert move.automatic_reason and move.to_lead == world.users["ib_a"]
    assert any("Regie overgegaan" in e.text for e in pupil.case.events.filter(kind=CaseEventKind.REGIE))
    # The IB is told on the home page, and the orphaned action is flagged on the case and the worklist.
    ib = client_for(world.users["ib_a"])
    assert 'data-testid="regie-notices"' in ib.get(reverse("web:home")).content.decode()
    assert 'data-testid="owner-lost-access"' in ib.get(case_url).content.decode()
    worklist = ib.get(reverse("dashboards:worklist")).content.decode()
    assert action.description in worklist


def test_withdrawing_one_discipline_revokes_exactly_that_on_every_case_open_or_closed(world, pupil):
    record(world, pupil)
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="closed", outcome="resolved")
    second = case_open(actor=world.users["ib_a"], pupil=pupil)
    assert sees(world, "social_team_a", second) and sees(world, "orthopedagogue_a", second)
    change = consent_withdraw_change(
        actor=world.users["ib_a"],
        consent=consent_in_force(pupil=pupil),
        withdrawn_on=timezone.localdate(),
        reason="Alleen orthopedagoog",
        scope="social_team",
    )
    assert {u.pk for u in change.lost_access} == {
        world.users["social_team_a"].pk,
        world.users["social_team_a_nogrant"].pk,
    }
    assert world.users["orthopedagogue_a"] in change.kept_access
    assert not sees(world, "social_team_a", second) and sees(world, "orthopedagogue_a", second)
    assert not CaseGrant.objects.active().filter(content_object=pupil.case).exists()  # the closed one


def test_withdrawing_discussion_by_name_keeps_sharing(world, pupil):
    consent = record(world, pupil)
    consent_withdraw(
        actor=world.users["ib_a"], consent=consent, withdrawn_on=timezone.localdate(), reason="x", scope="named"
    )
    assert not case_may_be_discussed_by_name(case=pupil.case)
    assert sees(world, "social_team_a", pupil.case)


def test_a_guardian_change_after_full_withdrawal_keeps_it_withdrawn(world, pupil):
    consent = record(world, pupil)
    consent_withdraw(actor=world.users["ib_a"], consent=consent, withdrawn_on=timezone.localdate(), reason="Stop")
    guardian_save(actor=world.users["ib_a"], pupil=pupil, data={"name": "Oma", "has_authority": True})
    current = Consent.objects.get(pupil=pupil, is_current=True)
    assert current.version == 3 and current.withdrawn_on == timezone.localdate()
    assert consent_scope(pupil=pupil).consent.withdrawn_on is not None
    assert not sees(world, "social_team_a", pupil.case)


def test_closing_ends_external_grants_and_reopening_resyncs(world, pupil):
    record(world, pupil)
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="closed", outcome="resolved")
    assert not sees(world, "social_team_a", pupil.case)
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="active")
    assert sees(world, "social_team_a", pupil.case)


def test_a_withdrawal_after_the_case_was_closed_leaves_no_external_access(world, pupil):
    consent = record(world, pupil)
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="closed", outcome="resolved")
    consent_withdraw(actor=world.users["ib_a"], consent=consent, withdrawn_on=timezone.localdate(), reason="Klaar")
    case_change_status(actor=world.users["ib_a"], case=pupil.case, to_status="active")
    assert not CaseGrant.objects.active().filter(content_object=pupil.case).exists()
    for persona in ("social_team_a", "orthopedagogue_a", "social_team_a_nogrant"):
        assert not sees(world, persona, pupil.case)


# --- Grants over time, regie --------------------------------------------------------------------


def test_an_ended_membership_is_caught_when_the_case_is_read_and_regie_moves(world, pupil, client_for):
    record(world, pupil)
    case_handover_regie(actor=world.users["ib_a"], case=pupil.case, to_holder=world.users["social_team_a"])
    membership = world.memberships["social_team_a"]
    membership.valid_from = timezone.localdate() - timedelta(days=30)
    membership.valid_until = YESTERDAY
    membership.save()
    client_for(world.users["director_a"]).get(reverse("cases:case_detail", kwargs={"uuid": pupil.case.uuid}))
    grant = CaseGrant.objects.get(content_object=pupil.case, user=world.users["social_team_a"])
    assert grant.revoked_at is not None
    pupil.case.refresh_from_db()
    assert pupil.case.lead == world.users["ib_a"]


def test_regie_goes_to_the_longest_serving_ib_and_without_ib_to_the_director(world, pupil):
    from cases.casefile.regie import regie_successor

    newer_ib = UserFactory(full_name="Nieuwe IB")
    MembershipFactory(user=newer_ib, school=world.school_a, role="ib", valid_from=timezone.localdate())
    world.memberships["ib_a"].valid_from = timezone.localdate() - timedelta(days=400)
    world.memberships["ib_a"].save()
    assert regie_successor(school_id=world.school_a.pk) == world.users["ib_a"]
    assert regie_successor(school_id=world.school_b.pk) == world.users["ib_b"]
    world.memberships["ib_b"].valid_until = YESTERDAY
    world.memberships["ib_b"].valid_from = YESTERDAY - timedelta(days=5)
    world.memberships["ib_b"].save()
    assert regie_successor(school_id=world.school_b.pk) == world.users["director_b"]


def test_daily_sync_catches_expiry_and_moves_regie(world, pupil):
    from django.core.management import call_command

    record(world, pupil, given_on=timezone.localdate() - timedelta(days=10))
    case_handover_regie(actor=world.users["ib_a"], case=pupil.case, to_holder=world.users["social_team_a"])
    Consent.objects.filter(pupil=pupil, is_current=True).update(valid_until=YESTERDAY)
    call_command("sync_case_grants", verbosity=0)
    assert not CaseGrant.objects.filter(content_object=pupil.case, revoked_at__isnull=True).exists()
    pupil.case.refresh_from_db()
    assert pupil.case.lead == world.users["ib_a"]
    assert sync_grants().revoked == []  # nothing left to do


def test_meetings_and_clo_ask_the_same_rule(world, pupil):
    from meetings.selectors import case_choices_for_agenda

    record(world, pupil, guardians=[pupil.mother])
    choice = case_choices_for_agenda(user=world.users["ib_a"], school=world.school_a).get(pk=pupil.case.pk)
    assert choice.may_name is False
    record(world, pupil, guardians=[pupil.father])
    choice = case_choices_for_agenda(user=world.users["ib_a"], school=world.school_a).get(pk=pupil.case.pk)
    assert choice.may_name is True


# --- Bad input ----------------------------------------------------------------------------------


def test_withdrawal_without_consent_or_twice_is_refused(world, pupil):
    consent = record(world, pupil)
    withdrawn = consent_withdraw(
        actor=world.users["ib_a"], consent=consent, withdrawn_on=timezone.localdate(), reason="x"
    )
    with pytest.raises(ValidationError) as exc:
        consent_withdraw(actor=world.users["ib_a"], consent=withdrawn, withdrawn_on=timezone.localdate(), reason="x")
    assert "geen toestemming om in te trekken" in str(exc.value)


def test_withdrawing_a_discipline_not_in_scope_shows_a_dutch_message_and_keeps_input(world, pupil, client_for):
    consent = record(world, pupil, disciplines=["orthopedagogue"])
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_withdraw", kwargs={"uuid": consent.uuid}),
        {
            "scope": "youth_nurse",
            "version": consent.version,
            "withdrawn_on": timezone.localdate().isoformat(),
            "reason": "Mijn getypte reden",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "valt niet onder de huidige toestemming" in page and "Mijn getypte reden" in page
    assert consent_in_force(pupil=pupil) == consent


def test_second_guardian_without_authority_is_refused_on_the_form(world, pupil, client_for):
    stepfather = GuardianFactory(pupil=pupil, name="Stiefvader", has_authority=False)
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_add", kwargs={"uuid": pupil.uuid}),
        {
            f"answer_{pupil.mother.pk}": "yes",
            f"answer_{stepfather.pk}": "yes",
            "version": "0",
            "given_on": YESTERDAY.isoformat(),
            "method": ConsentMethod.VERBAL,
            "disciplines": ["social_team"],
        },
    )
    assert response.status_code == 200
    assert "Stiefvader heeft geen ouderlijk gezag en kan geen toestemming geven" in response.content.decode()
    assert not pupil.consents.exists()


def test_a_stale_consent_form_is_refused_with_the_other_change_shown(world, pupil, client_for):
    first = record(world, pupil)
    consent_record_change(
        actor=world.users["director_a"],
        pupil=pupil,
        guardians=[pupil.mother, pupil.father],
        given_on=YESTERDAY,
        method=ConsentMethod.VERBAL,
        disciplines=["orthopedagogue", "social_team", "youth_nurse"],
    )
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_add", kwargs={"uuid": pupil.uuid}),
        {
            f"answer_{pupil.mother.pk}": "yes",
            f"answer_{pupil.father.pk}": "yes",
            "version": str(first.version),
            "given_on": YESTERDAY.isoformat(),
            "method": ConsentMethod.VERBAL,
            "disciplines": ["orthopedagogue"],
            "valid_until": "2027-07-31",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="consent-conflict"' in page and "Ook gevraagd: Jeugdverpleegkundige" in page
    assert 'value="2027-07-31"' in page  # what was typed stays
    assert 'name="version" value="2"' in page  # a second save goes through
    assert consent_in_force(pupil=pupil).version == 2


def test_a_stale_withdrawal_is_refused(world, pupil, client_for):
    first = record(world, pupil)
    record(world, pupil, disciplines=["orthopedagogue"])
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:consent_withdraw", kwargs={"uuid": first.uuid}),
        {"scope": "all", "version": first.version, "withdrawn_on": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 409
    assert 'data-testid="consent-conflict"' in response.content.decode()
    assert consent_in_force(pupil=pupil).version == 2


# --- Pages --------------------------------------------------------------------------------------


def test_case_page_and_pupil_page_show_the_scope_line_and_reach_every_consent_action(world, pupil, client_for):
    record(
        world, pupil, disciplines=["social_team", "youth_nurse"], valid_until=timezone.localdate().replace(year=2030)
    )
    client = client_for(world.users["ib_a"])
    for url in (
        reverse("cases:case_detail", kwargs={"uuid": pupil.case.uuid}),
        reverse("cases:pupil_detail", kwargs={"uuid": pupil.uuid}),
    ):
        page = client.get(url).content.decode()
        assert "Besproken op naam: <strong>ja</strong>" in page
        assert "Gedeeld met: <strong>sociaal team, jeugdverpleegkundige</strong>" in page
        assert "tot " + date_prose(timezone.localdate().replace(year=2030)) in page
        for name in ("consent_history", "consent_add", "consent_form_pdf"):
            assert reverse(f"cases:{name}", kwargs={"uuid": pupil.uuid}) in page
        assert reverse("cases:consent_withdraw", kwargs={"uuid": consent_in_force(pupil=pupil).uuid}) in page


def test_history_page_shows_who_when_how_and_what_changed(world, pupil, client_for):
    consent = record(world, pupil, guardians=[pupil.mother])
    record(world, pupil, guardians=[pupil.father])
    consent_withdraw(
        actor=world.users["director_a"],
        consent=consent_in_force(pupil=pupil),
        withdrawn_on=timezone.localdate(),
        reason="Gezin verhuist",
        scope="orthopedagogue",
    )
    page = client_for(world.users["ib_a"]).get(reverse("cases:consent_history", kwargs={"uuid": pupil.uuid}))
    html = page.content.decode()
    assert html.count('data-testid="consent-version"') == 3
    assert "Director A" in html and "Ib A" in html
    assert "Ingetrokken op" in html and "Orthopedagoog" in html and "Gezin verhuist" in html
    assert consent.uuid  # the first version is still there
    assert pupil.consents.count() == 3
