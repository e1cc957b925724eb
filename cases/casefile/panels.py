"""Panels that the higher apps add to the case page: the case as the hub.

The case page links to the meetings where the case was on the agenda and to its CLO request, yet
`cases` may import neither `meetings` nor `clo` (import-linter layers). So those apps register a
provider here from their AppConfig.ready(), and the case page view asks every provider for its
panel. A provider takes (request, case) and returns None (nothing for this user) or a dict with
"template" plus that template's context. It reads through its own app's selectors, which take the
user, and runs a fixed number of queries however much the case holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from cases.casefile.models import Case

CasePanelProvider = Callable[[HttpRequest, Case], dict[str, Any] | None]

_PROVIDERS: list[tuple[int, CasePanelProvider]] = []


def register_case_panel(provider: CasePanelProvider, *, order: int = 100) -> None:
    """Add a panel provider (idempotent: ready() may run more than once in tests)."""
    if any(p is provider for _order, p in _PROVIDERS):
        return
    _PROVIDERS.append((order, provider))
    _PROVIDERS.sort(key=lambda row: row[0])


def case_panels(request: HttpRequest, case: Case) -> list[dict[str, Any]]:
    """Every registered panel that has something for this user, in order."""
    return [panel for _order, provider in _PROVIDERS if (panel := provider(request, case))]
