"""The OPP's yes/no field `opp_parents_consented` becomes agreements (OppAgreement): one row per
guardian who held parental authority, tied to the action part as it is now (its hash), with the
recorded date, method "migrated". A "no" stays a "no". Then the field goes."""

from django.db import migrations
from django.utils import timezone

from cases.participation.rules import ACTION_PART_FIELDS, AGREE, DISAGREE, action_part_hash

REASON_FOR_NO = "Overgenomen uit het vroegere veld: ouders stemden niet in (geen reden vastgelegd)."


def forwards(apps, schema_editor):
    GrowthDocument = apps.get_model("cases", "GrowthDocument")
    Guardian = apps.get_model("cases", "Guardian")
    OppAgreement = apps.get_model("cases", "OppAgreement")
    rows = []
    for document in GrowthDocument.objects.filter(opp_parents_consented__isnull=False).iterator():
        values = {name: getattr(document, name) for name in ACTION_PART_FIELDS}
        agreed = bool(document.opp_parents_consented)
        day = document.opp_parents_consented_on or timezone.localtime(document.updated_at).date()
        for guardian in Guardian.objects.filter(pupil_id=document.pupil_id, has_authority=True):
            rows.append(
                OppAgreement(
                    document=document,
                    guardian=guardian,
                    action_part_hash=action_part_hash(values),
                    document_version=document.version,
                    answer=AGREE if agreed else DISAGREE,
                    reason="" if agreed else REASON_FOR_NO,
                    method="migrated",
                    answered_on=day,
                )
            )
    OppAgreement.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    GrowthDocument = apps.get_model("cases", "GrowthDocument")
    OppAgreement = apps.get_model("cases", "OppAgreement")
    for document in GrowthDocument.objects.filter(opp_agreements__method="migrated").distinct():
        answers = set(document.opp_agreements.filter(method="migrated").values_list("answer", flat=True))
        document.opp_parents_consented = answers == {AGREE}
        document.opp_parents_consented_on = document.opp_agreements.filter(method="migrated").first().answered_on
        document.save(update_fields=["opp_parents_consented", "opp_parents_consented_on"])
    OppAgreement.objects.filter(method="migrated").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_participation_invitations_views_opp_agreements"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="growthdocument", name="opp_parents_consented"),
        migrations.RemoveField(model_name="growthdocument", name="opp_parents_consented_on"),
    ]
