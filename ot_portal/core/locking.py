"""Optimistic locking, once for every form that two people can save at the same time.

A model that can conflict has a `version` field that goes up on every save; its edit form carries
the version it was opened with. The service calls `check_version` under `select_for_update()`; a
stale form raises `EditConflict` (a ValidationError, so a form without special handling still
shows the message) with the current object and, where the model keeps them, the other person's
changes. The view keeps what the user typed and moves the hidden version forward with
`rebased_post`, so a second save after reading the other changes goes through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _


class Versioned(Protocol):
    """A model with the `version` field described above."""

    version: int


def _version(obj: models.Model) -> int:
    return cast(Versioned, obj).version


class EditConflict(ValidationError):
    """Someone else saved the object since this form was opened."""

    def __init__(
        self, current: models.Model | None, *, changes: Iterable[Any] = (), message: str | None = None
    ) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this while you were editing. Your input is kept below; "
                "check their changes and save again."
            ),
            code="edit_conflict",
        )
        self.current = current
        self.changes = list(changes)


def check_version(
    obj: models.Model,
    base_version: int | None,
    *,
    message: str | None = None,
    changes: Callable[[], Iterable[Any]] | None = None,
) -> None:
    """Refuse a save made against an older version of `obj` (None: the form carries no version)."""
    if base_version is not None and base_version != _version(obj):
        raise EditConflict(obj, changes=changes() if changes else (), message=message)


def apply_fields(obj: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    """Set the given fields from `data`; return the names whose value changed."""
    changed = []
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def bump_version(obj: models.Model) -> None:
    cast(Versioned, obj).version += 1


def rebased_post(post: QueryDict, current: models.Model, *, field: str = "version") -> QueryDict:
    """The user's POST with the hidden version moved to the current one (what they typed stays)."""
    rebased = post.copy()
    rebased[field] = str(_version(current))
    return rebased
