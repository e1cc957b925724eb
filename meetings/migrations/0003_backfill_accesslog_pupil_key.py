"""Backfill the pupil of existing access-log rows about agenda items.

Runs before the access log becomes append-only in the database (a later migration adds the
triggers); rows whose object no longer exists keep no pupil.
"""

import uuid

from django.db import migrations

SOURCES = {
    "meetings.agendaitem": ("meetings", "AgendaItem", "case__pupil__uuid"),
}


def _backfill(apps, sources):
    """Set AccessLog.pupil_key on rows written before the field existed, where the logged object
    still exists and names its pupil. `sources`: object_type -> (app label, model, path to the
    pupil's UUID)."""
    AccessLog = apps.get_model("core", "AccessLog")
    for object_type, (app_label, model_name, path) in sources.items():
        model = apps.get_model(app_label, model_name)
        pending = AccessLog.objects.filter(object_type=object_type, pupil_key__isnull=True).exclude(object_id="")
        ids = []
        for raw in pending.values_list("object_id", flat=True).distinct().iterator():
            try:
                ids.append(str(uuid.UUID(raw)))
            except ValueError:
                continue
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            by_pupil = {}
            for object_uuid, pupil_uuid in model.objects.filter(uuid__in=chunk).values_list("uuid", path):
                by_pupil.setdefault(pupil_uuid, []).append(str(object_uuid))
            for pupil_uuid, object_ids in by_pupil.items():
                pending.filter(object_id__in=object_ids).update(pupil_key=pupil_uuid)


def backfill(apps, schema_editor):
    _backfill(apps, SOURCES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_accesslog_pupil_and_guardian"),
        ("meetings", "0002_agreed_intervention_in_cases"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
