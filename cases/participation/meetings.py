"""The OT meetings a participant sees: where their child is on the agenda, with date, time and
the roles attending, and the agreements made with the parents.

`cases` may not import `meetings` (import-linter layers), so the meetings app registers its
provider here from its AppConfig.ready(), as it does for the case page panels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases.pupils.models import Pupil

MeetingsProvider = Callable[[Pupil], list[dict[str, Any]]]

_PROVIDERS: list[MeetingsProvider] = []


def register_participant_meetings(provider: MeetingsProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def participant_meetings(*, pupil: Pupil) -> list[dict[str, Any]]:
    """Rows with "date", "start_time", "status", "roles" (list of labels), "agreements" (list of text)."""
    rows: list[dict[str, Any]] = []
    for provider in _PROVIDERS:
        rows += provider(pupil)
    return sorted(rows, key=lambda r: (r["date"], r["start_time"]), reverse=True)
