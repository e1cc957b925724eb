"""Merge each pupil's stacked consent records into one current version, never widening access.

Before this migration several records of one pupil could be "in force" at once: the grant sync
took the newest, meetings took any. The merged version asks what was in effect before (by name
when any record in force allowed it; the disciplines of the newest record in force) and counts,
per guardian holding parental authority, only what that guardian agreed to in a record in force.
The rule in cases/consent/rules.py then decides; where one of two holders agreed, the item now
waits for the second parent. Grants not covered any more are revoked (on closed cases all are).
Every pupil whose effective access changed gets a ConsentReview row: the IB's worklist shows it.

Old records stay as history (versions 1..n, superseded). Running it twice changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.db import migrations, models
from django.utils import timezone

from cases.consent import rules

OPEN_STATUSES = ("registered", "active", "escalated")


def _legacy_in_force(record, today: date) -> bool:
    return (
        record.withdrawn_on is None
        and record.given_on <= today
        and (record.valid_until is None or record.valid_until >= today)
    )


def _age(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _end_of_day(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _both_must_agree(apps, school_id: int) -> bool:
    settings_model = apps.get_model("core", "PartnershipSettings")
    value = (
        settings_model.objects.filter(partnership__boards__schools=school_id)
        .values_list("consent_both_holders_required", flat=True)
        .first()
    )
    return True if value is None else value


def _items(record) -> set[str]:
    return ({rules.NAMED} if record.discuss_in_ot else set()) | set(record.disciplines or [])


def merge_stacked_consents(apps, schema_editor) -> None:
    Consent = apps.get_model("cases", "Consent")
    ConsentGuardian = apps.get_model("cases", "ConsentGuardian")
    ConsentReview = apps.get_model("cases", "ConsentReview")
    Guardian = apps.get_model("cases", "Guardian")
    Pupil = apps.get_model("cases", "Pupil")
    Case = apps.get_model("cases", "Case")
    CaseGrant = apps.get_model("cases", "CaseGrant")
    SchoolMembership = apps.get_model("core", "SchoolMembership")
    today = timezone.localdate()
    now = timezone.now()

    pupil_ids = Consent.objects.values_list("pupil_id", flat=True).distinct()
    for pupil in Pupil.objects.filter(pk__in=list(pupil_ids)).order_by("pk"):
        records = list(Consent.objects.filter(pupil=pupil).order_by("given_on", "created_at", "pk"))
        if any(r.is_current for r in records):
            continue  # already versioned
        agreed_by: dict[int, set[int]] = {}
        for row in ConsentGuardian.objects.filter(consent__in=records, agreed=True):
            agreed_by.setdefault(row.consent_id, set()).add(row.guardian_id)
        # Number the old records as versions (temporarily above any clash), superseded.
        for n, record in enumerate(records, start=1):
            record.version = 100000 + n
            record.save(update_fields=["version"])
        for n, record in enumerate(records, start=1):
            record.version = n
            record.superseded_at = now
            record.named_in_force = record.discuss_in_ot
            record.shared_with = sorted(record.disciplines or [])
            record.change_summary = record.change_summary or "Vastgelegd vóór het versiebeheer van toestemming"
            record.save(update_fields=["version", "superseded_at", "named_in_force", "shared_with", "change_summary"])
        for row in ConsentGuardian.objects.filter(consent__in=records):
            row.answers = {item: rules.YES if row.agreed else rules.NO for item in _items(row.consent)}
            row.save(update_fields=["answers"])

        in_force = [r for r in records if _legacy_in_force(r, today)]
        guardians = list(Guardian.objects.filter(pupil=pupil).order_by("pk"))
        holders = [g for g in guardians if g.has_authority]
        age = _age(pupil.date_of_birth, today)
        if in_force:
            newest = max(in_force, key=lambda r: (r.given_on, r.created_at, r.pk))
            before_named = any(r.discuss_in_ot for r in in_force)
            before_shared = set(newest.disciplines or [])
            before = ({rules.NAMED} if before_named else set()) | before_shared
            contributing = [newest] + ([r for r in in_force if r.discuss_in_ot] if before_named else [])
            ends = [r.valid_until for r in contributing if r.valid_until is not None]
            valid_until = min(ends) if ends else None
        else:
            newest = records[-1]
            before, before_named, before_shared, valid_until = set(), False, set(), newest.valid_until
        asked = sorted(before)
        answers: dict[int, dict[str, str]] = {}
        for guardian in guardians:
            agreed: set[str] = set()
            for record in in_force:
                if guardian.pk in agreed_by.get(record.pk, set()):
                    agreed |= _items(record)
            answers[guardian.pk] = {item: rules.YES for item in asked if item in agreed}
        pupil_answers = {}
        if rules.pupil_is_asked(age) and in_force and newest.pupil_agreed:
            pupil_answers = {item: rules.YES for item in asked}
        decision = rules.decide(
            asked=asked,
            holder_answers=[answers[g.pk] for g in holders],
            pupil_answers=pupil_answers,
            age=age,
            both_must_agree=_both_must_agree(apps, pupil.school_id),
        )
        merged = Consent.objects.create(
            pupil=pupil,
            version=len(records) + 1,
            is_current=True,
            supersedes=records[-1],
            given_on=newest.given_on,
            method=newest.method,
            recorded_by=newest.recorded_by,
            discuss_in_ot=before_named,
            disciplines=sorted(before_shared),
            valid_until=valid_until,
            signed_form=newest.signed_form.name if newest.signed_form else "",
            pupil_agreed=newest.pupil_agreed if in_force else None,
            pupil_answers=pupil_answers,
            named_in_force=decision.named,
            shared_with=decision.disciplines,
            item_status=decision.status,
            age_band=rules.age_band(age),
            withdrawn_on=None if in_force else (newest.withdrawn_on or None),
            withdrawn_reason="" if in_force else newest.withdrawn_reason,
            withdrawn_by=None if in_force else newest.withdrawn_by,
            change_summary=(
                f"Samengevoegd uit {len(records)} eerdere vastlegging(en); alleen wat iedere ouder met gezag "
                "gaf, blijft van kracht"
            ),
        )
        for guardian in guardians:
            if answers[guardian.pk]:
                ConsentGuardian.objects.create(
                    consent=merged,
                    guardian=guardian,
                    agreed=True,
                    answers=answers[guardian.pk],
                    has_authority=guardian.has_authority,
                )
        after = set(decision.in_force) if (in_force and merged.withdrawn_on is None) else set()

        revoked_any = False
        for case in Case.objects.filter(pupil=pupil):
            grants = CaseGrant.objects.filter(content_object=case, revoked_at__isnull=True).filter(
                models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
            )
            for grant in grants:
                if case.status not in OPEN_STATUSES:
                    grant.revoked_at = now
                    grant.save(update_fields=["revoked_at"])
                    revoked_any = True
                    continue
                if grant.consent_id is None:
                    continue
                roles = set(
                    SchoolMembership.objects.filter(user_id=grant.user_id, school_id=case.school_id)
                    .filter(valid_from__lte=today)
                    .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today))
                    .values_list("role", flat=True)
                )
                if roles & set(decision.disciplines) and after:
                    grant.consent = merged
                    grant.expires_at = _end_of_day(valid_until)
                    grant.save(update_fields=["consent", "expires_at"])
                else:
                    grant.revoked_at = now
                    grant.save(update_fields=["revoked_at"])
                    revoked_any = True
        if before != after or revoked_any:
            lost = sorted(before - after)
            statuses = {decision.status.get(item) for item in lost}
            if rules.WAITING_SECOND_PARENT in statuses:
                reason = "second_parent"
            elif rules.WAITING_PUPIL in statuses:
                reason = "pupil"
            else:
                reason = "merged"
            ConsentReview.objects.create(pupil=pupil, school_id=pupil.school_id, reason=reason, items=lost)


class Migration(migrations.Migration):
    # The constraints are created after the data is merged, outside the data's transaction
    # (PostgreSQL refuses to alter a table with pending trigger events in the same transaction).
    atomic = False

    dependencies = [
        ("cases", "0006_consent_versions"),
    ]

    operations = [
        migrations.RunPython(merge_stacked_consents, migrations.RunPython.noop, atomic=True),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)), fields=("pupil",), name="uniq_current_consent_per_pupil"
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.UniqueConstraint(fields=("pupil", "version"), name="uniq_consent_version"),
        ),
    ]
