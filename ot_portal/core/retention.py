"""Erasure at the end of the retention period (AVG art. 5(1)(e) storage limitation).

`erase(obj)` deletes an object with everything that depends on it, including rows of higher
apps that protect it (an agenda item, a CLO request): Django's collector finds them, so the core
needs to know no domain app. Files of deleted FileFields are removed from private storage and
the change-log entries of every deleted row go too, since they may hold clear values.

The timeline and the status histories are append-only in the database (core.append_only); the
erasure is the one write allowed to delete them, inside a scoped exemption for exactly the
append-only models it touches. `purge_access_log` is the access log's own retention term.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models import Max
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from ot_portal.core import append_only
from ot_portal.core.models import AccessLog, PartnershipSettings


def _collect(obj: models.Model) -> Collector:
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    return collector


@transaction.atomic
def erase(obj: models.Model, *, counts: Counter[str] | None = None, _depth: int = 0) -> Counter[str]:
    """Delete `obj` and all rows that depend on it; return a count per model label."""
    counts = counts if counts is not None else Counter()
    if _depth > 20:
        raise RuntimeError("Erasure does not converge; check the on_delete rules.")
    while True:
        try:
            collector = _collect(obj)
            break
        except (ProtectedError, RestrictedError) as blocked:
            blockers = getattr(blocked, "protected_objects", None) or getattr(blocked, "restricted_objects", ())
            for blocker in list(blockers or ()):
                erase(blocker, counts=counts, _depth=_depth + 1)
    erased: list[tuple[ContentType, list[str]]] = []
    for model, instances in collector.data.items():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for instance in instances:
            for field in file_fields:
                stored = getattr(instance, field.name)
                if stored:
                    stored.storage.delete(stored.name)
        erased.append((ContentType.objects.get_for_model(model), [str(i.pk) for i in instances]))
        counts[model._meta.label] += len(instances)
    touched = set(collector.data) | {qs.model for qs in collector.fast_deletes}
    touched |= {field.model for field, _value in collector.field_updates}
    with append_only.exempt(touched):
        collector.delete()
    # After the delete: auditlog has just written "deleted" entries that still carry the values.
    for content_type, pks in erased:
        LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()
    return counts


def access_log_cutoff(*, on: date | None = None) -> date | None:
    """The day before which access-log rows may go: the longest term any partnership set
    (the log is shared, so no partnership loses entries it still keeps). None without partnerships."""
    years = PartnershipSettings.objects.aggregate(longest=Max("access_log_retention_years"))["longest"]
    if years is None:
        return None
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


@transaction.atomic
def purge_access_log(*, on: date | None = None, commit: bool = True) -> int:
    """Delete access-log rows older than the retention term; return how many (would) go."""
    cutoff = access_log_cutoff(on=on)
    if cutoff is None:
        return 0
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    expired = AccessLog.objects.filter(at__lt=start)
    if not commit:
        return expired.count()
    with append_only.exempt([AccessLog]):
        deleted, _per_model = expired.delete()
    return deleted
