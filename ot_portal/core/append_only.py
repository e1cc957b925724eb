"""Append-only tables, enforced by the database itself (ADR 0002).

The access log, the case timeline and the status histories must not change once written. The
models refuse it in `save()`/`delete()`, but a queryset's `.update()`/`.delete()` or a raw SQL
statement passes the ORM by; on PostgreSQL a trigger (django-pgtrigger's `Protect`) refuses every
UPDATE and DELETE on those tables. SQLite, the zero-set-up demo, gets no trigger: pgtrigger's
migration operations do nothing on other databases.

Two writes are legitimate and run inside `exempt()`: the erasure at the end of the retention
period (`core.retention.erase`) and the access log's own retention purge. Nothing else may.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pgtrigger
from django.db import models

TRIGGER_NAME = "append_only"


def append_only_trigger() -> pgtrigger.Protect:
    """The trigger for a model's `Meta.triggers`: refuse UPDATE and DELETE of any row."""
    return pgtrigger.Protect(name=TRIGGER_NAME, operation=pgtrigger.Update | pgtrigger.Delete)


def append_only_uris(models_: Iterable[type[models.Model]] | None = None) -> list[str]:
    """Trigger URIs (`app_label.Model:append_only`) of the given models, or of every protected model."""
    wanted = None if models_ is None else {m._meta.concrete_model for m in models_}
    uris = []
    for model, trigger in pgtrigger.registered():
        if trigger.name != TRIGGER_NAME:
            continue
        if wanted is not None and model._meta.concrete_model not in wanted:
            continue
        uris.append(f"{model._meta.label}:{trigger.name}")
    return sorted(set(uris))


@contextmanager
def exempt(models_: Iterable[type[models.Model]] | None = None) -> Iterator[None]:
    """Let this thread update/delete rows of the given append-only models (all of them when None).

    Only for the retention purge and erasure. Scoped: other threads and other triggers are not affected.
    """
    uris = append_only_uris(models_)
    if not uris:
        yield
        return
    with pgtrigger.ignore(*uris):
        yield
