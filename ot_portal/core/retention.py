"""Erasure at the end of the retention period (AVG art. 5(1)(e) storage limitation).

`erase(obj)` deletes an object with everything that depends on it, including rows of higher
apps that protect it (an agenda item, a CLO request): Django's collector finds them, so the core
needs to know no domain app. Files of deleted FileFields are removed from private storage and
the change-log entries of every deleted row go too, since they may hold clear values.
"""

from __future__ import annotations

from collections import Counter

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError


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
    collector.delete()
    # After the delete: auditlog has just written "deleted" entries that still carry the values.
    for content_type, pks in erased:
        LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()
    return counts
