"""Migration 0010: the OPP's yes/no field becomes one agreement per holder of authority, tied to
the action part as it was, and the field goes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.participation.rules import action_part_hash

BEFORE = [("cases", "0013_participation_invitations_views_opp_agreements")]
AFTER = [("cases", "0014_opp_agreements_replace_parents_consented")]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_parents_consented_becomes_agreements_per_holder(org):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Pupil, Guardian, GrowthDocument = (old.get_model("cases", n) for n in ("Pupil", "Guardian", "GrowthDocument"))
    school_id = org.school_a.pk
    yes = Pupil.objects.create(
        school_id=school_id, pupil_number="m1", first_name="A", last_name="B", date_of_birth="2015-01-01"
    )
    no = Pupil.objects.create(
        school_id=school_id, pupil_number="m2", first_name="C", last_name="D", date_of_birth="2015-01-01"
    )
    for pupil in (yes, no):
        Guardian.objects.create(pupil=pupil, name="Holder", has_authority=True)
        Guardian.objects.create(pupil=pupil, name="No authority", has_authority=False)
    GrowthDocument.objects.create(
        pupil=yes,
        has_opp=True,
        opp_deviations="Eigen leerlijn",
        opp_parents_consented=True,
        opp_parents_consented_on="2026-11-20",
    )
    GrowthDocument.objects.create(pupil=no, has_opp=True, opp_support_given="RT", opp_parents_consented=False)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    OppAgreement = new.get_model("cases", "OppAgreement")
    agreed = OppAgreement.objects.get(document__pupil_id=yes.pk)
    assert agreed.answer == "agree" and agreed.method == "migrated" and str(agreed.answered_on) == "2026-11-20"
    assert agreed.guardian.name == "Holder"  # the guardian without authority gets no row
    assert agreed.action_part_hash == action_part_hash({"opp_deviations": "Eigen leerlijn", "opp_support_given": ""})
    refused = OppAgreement.objects.get(document__pupil_id=no.pk)
    assert refused.answer == "disagree" and refused.reason
    assert "opp_parents_consented" not in {f.name for f in new.get_model("cases", "GrowthDocument")._meta.fields}
