"""The pupil picker's search column: names and number without accents, case folded; filled for the
pupils that exist already (new and changed pupils get it from Pupil.save())."""

import unicodedata

from django.db import migrations, models


def _normalise(text: str) -> str:
    # A copy of cases.pupils.models.normalise_search, so this migration keeps its meaning.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fill_search_text(apps, schema_editor):
    Pupil = apps.get_model("cases", "Pupil")
    batch = []
    for pupil in Pupil.objects.only("pk", "first_name", "last_name_prefix", "last_name", "pupil_number").iterator(
        chunk_size=2000
    ):
        parts = (pupil.first_name, pupil.last_name_prefix, pupil.last_name, pupil.pupil_number)
        pupil.search_text = _normalise(" ".join(p for p in parts if p))
        batch.append(pupil)
        if len(batch) >= 2000:
            Pupil.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Pupil.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_opp_agreements_replace_parents_consented"),
        ("core", "0002_consent_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="pupil",
            name="search_text",
            field=models.CharField(blank=True, editable=False, max_length=250),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(fields=["school", "search_text"], name="pupil_school_search"),
        ),
    ]
