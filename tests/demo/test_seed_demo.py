"""The demo data set: every state the issue names, and the social-team worker's exact reach."""

import pytest
from django.core.management import call_command

from cases.casefile.selectors import case_list_for_user
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent.selectors import consent_in_force
from cases.consent.services import consent_missing_authority_holders
from cases.models import Action, Case, CaseStatus, Consent, GrowthDocument, Intake, Intervention, Pupil
from ot_portal.core.models import School, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_demo_covers_every_state_and_is_idempotent(seeded):
    counts = (Pupil.objects.count(), Case.objects.count(), Action.objects.count(), Consent.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Pupil.objects.count(), Case.objects.count(), Action.objects.count(), Consent.objects.count()) == counts
    for school in School.objects.filter(name__in=["De Zonnebloem", "Het Kompas"]):
        assert 25 <= school.pupils.count() <= 35
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert Action.objects.overdue().exists() and Action.objects.filter(status="done").exists()
    assert Action.objects.open().filter(owner__isnull=True).exclude(external_owner_email="").exists()
    assert Intervention.objects.exists()
    assert Intake.objects.filter(status="draft").exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    assert any(len(c.disciplines) == 6 for c in Consent.objects.all())
    assert any(0 < len(c.disciplines) < 6 for c in Consent.objects.all())
    assert any(consent_missing_authority_holders(c) for c in Consent.objects.filter(withdrawn_on__isnull=True))
    assert Case.objects.exclude(pupil__consents__isnull=False).exists()  # consent missing
    long_docs = [d for d in GrowthDocument.objects.all() if d.goals.count() >= 5 and len(d.educational_needs) > 500]
    assert len(long_docs) >= 3


def test_social_team_worker_reaches_exactly_the_cases_consent_covers(seeded):
    worker = User.objects.get(email="sociaalteam@zonnebloem.demo")
    reached = set(case_list_for_user(user=worker).values_list("pk", flat=True))
    covered = set()
    for case in Case.objects.filter(school__name="De Zonnebloem", status__in=OPEN_STATUSES):
        consent = consent_in_force(pupil=case.pupil)
        if consent and consent.covers("social_team"):
            covered.add(case.pk)
    assert reached == covered
    assert len(reached) >= 1
