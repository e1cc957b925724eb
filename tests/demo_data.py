"""The demo data set for the tests that start from it, as `seed_demo` makes it, made once per process.

`seed_demo` takes several seconds and about 16,000 queries; a dozen tests (the demo's own, the link
crawls and every browser journey) start from it. The first of them in a process runs the command
and keeps a copy of every table (PostgreSQL's binary COPY) and of the files its rows point to; the
next ones get the same rows back: every table emptied, the copy written in, the sequences past the
highest id, the content-type cache cleared (the copy holds the content types the rows point to). The
copy is of today's seed_demo: a run that passes midnight seeds again. On another database than
PostgreSQL every call runs the command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone


@dataclass
class _Snapshot:
    day: date
    tables: dict[str, bytes]  # table name -> binary COPY of its rows
    files: dict[str, bytes]  # storage name -> content, of every file a copied row points to


_snapshot: _Snapshot | None = None


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _take() -> _Snapshot:
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)") as copy:
                tables[table] = b"".join(bytes(chunk) for chunk in copy)
    files = {}
    for model, name in _file_fields():
        for stored in model._default_manager.exclude(**{name: ""}).values_list(name, flat=True):
            if stored:
                with default_storage.open(stored, "rb") as handle:
                    files[stored] = handle.read()
    return _Snapshot(day=timezone.localdate(), tables=tables, files=files)


def _restore(snapshot: _Snapshot) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in _tables()))
        for table, data in snapshot.tables.items():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    for name, content in snapshot.files.items():
        if not default_storage.exists(name):
            path = default_storage.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content)


def load_demo() -> None:
    """Fill the database with the demo data set, as `call_command("seed_demo")` on a fresh test
    database does. Only at the start of a test: every table is emptied first."""
    global _snapshot  # noqa: PLW0603 (one copy per process)
    if connection.vendor != "postgresql":
        call_command("seed_demo", verbosity=0)
        return
    if _snapshot is not None and _snapshot.day == timezone.localdate():
        _restore(_snapshot)
        return
    call_command("seed_demo", verbosity=0)
    _snapshot = _take()
