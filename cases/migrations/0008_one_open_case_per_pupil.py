"""At most one open case and one intake draft per pupil (issue 10, item 5).

Before the constraints are added, existing duplicates are resolved: per pupil the newest open case
stays open and the others are closed with outcome "duplicate", a status-history row and a timeline
note; the newest draft intake stays a draft and older drafts become "superseded". Nothing is
deleted. The stored texts are Dutch, as the services write them at run time; a migration does not
depend on the translation catalogues.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

OPEN = ("registered", "active", "escalated")


def resolve_duplicates(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseStatusChange = apps.get_model("cases", "CaseStatusChange")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Intake = apps.get_model("cases", "Intake")
    db = schema_editor.connection.alias
    today = timezone.localdate()
    now = timezone.now()

    pupils = (
        Case.objects.using(db)
        .filter(status__in=OPEN)
        .values("pupil_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("pupil_id", flat=True)
    )
    for pupil_id in list(pupils):
        newest, *older = (
            Case.objects.using(db)
            .filter(pupil_id=pupil_id, status__in=OPEN)
            .order_by("-opened_on", "-created_at", "-pk")
        )
        kept_on = f"{newest.opened_on:%d-%m-%Y}"
        for case in older:
            last_change = CaseStatusChange.objects.using(db).filter(case=case).order_by("-changed_at", "-pk").first()
            actor_id = last_change.changed_by_id if last_change else case.lead_id
            reason = f"Dubbele casus: de casus van deze leerling van {kept_on} blijft open."
            if actor_id is not None:
                CaseStatusChange.objects.using(db).create(
                    case=case,
                    from_status=case.status,
                    to_status="closed",
                    reason=reason,
                    changed_by_id=actor_id,
                    changed_at=now,
                )
            CaseEvent.objects.using(db).create(
                case=case,
                kind="status",
                summary=f"Gesloten als dubbele casus (één open casus per leerling); die van {kept_on} blijft open.",
                actor_id=None,
                at=now,
                source_app="cases",
                source_id=str(newest.uuid),
            )
            Case.objects.using(db).filter(pk=case.pk).update(
                status="closed",
                outcome="duplicate",
                closed_on=today,
                version=models.F("version") + 1,
                last_activity_at=now,
            )

    draft_pupils = (
        Intake.objects.using(db)
        .filter(status="draft")
        .values("pupil_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("pupil_id", flat=True)
    )
    for pupil_id in list(draft_pupils):
        _newest, *older = (
            Intake.objects.using(db).filter(pupil_id=pupil_id, status="draft").order_by("-updated_at", "-pk")
        )
        # update() leaves updated_at alone: the draft keeps the date it was last worked on.
        Intake.objects.using(db).filter(pk__in=[i.pk for i in older]).update(status="superseded")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_merge_consent_versions"),
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(resolve_duplicates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("resolved", "Resolved"),
                    ("youth_care", "Youth care started"),
                    ("tlv_granted", "TLV granted"),
                    ("moved_school", "Moved school"),
                    ("duplicate", "Duplicate of another case"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("submitted", "Submitted"), ("superseded", "Superseded by a newer draft")],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["registered", "active", "escalated"])),
                fields=("pupil",),
                name="one_open_case_per_pupil",
                violation_error_message="This pupil already has an open case.",
            ),
        ),
        migrations.AddConstraint(
            model_name="intake",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "draft")),
                fields=("pupil",),
                name="one_open_intake_draft_per_pupil",
                violation_error_message="This pupil already has an intake draft.",
            ),
        ),
    ]
