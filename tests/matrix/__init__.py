"""The permission matrix: every URL of our own apps × every persona, with the exact status.

Each app owns one module here (web.py, cases.py, meetings.py, clo.py) with:
- `build(w)`: adds that app's objects of school A and B to the world;
- `ENTRIES`: URL name -> Entry(kwargs, expect, default, method, data).
tests/test_permission_matrix.py walks the resolver and fails for any URL without an entry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from tests.world import PARTICIPANT_PERSONAS, build_world

APP_MODULES = ["web", "cases", "participation", "meetings", "clo", "dashboards"]


@dataclass(frozen=True)
class Entry:
    """Expected status per persona for one URL. Personas not in `expect` get `default`;
    anonymous visitors get a redirect to the login page (302) unless `expect` says otherwise, and so
    do participants (parents signed in with link and code), who are anonymous to staff pages."""

    expect: dict[str, int]
    default: int = 404
    kwargs: Callable[[SimpleNamespace], dict[str, Any]] = field(default=lambda w: {})
    method: str = "GET"
    data: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    #: Pages that show protected (pupil, case, request) data must write the access log.
    logs_access: bool = True
    #: A query string for the URL (e.g. `?school=<uuid of school A>`, so another school's staff
    #: meet the refusal of a school they cannot see).
    query: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    #: Compute `kwargs` again for every persona: for URLs that delete their object, so that each
    #: persona meets it (kwargs must then recreate what an earlier persona removed).
    fresh_kwargs: bool = False

    def status_for(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        if persona in PARTICIPANT_PERSONAS:
            return self.expect.get("anonymous", 302)
        if persona == "anonymous":
            return 302
        return self.default


def each(personas, status: int) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def modules():
    return [importlib.import_module(f"tests.matrix.{name}") for name in APP_MODULES]


def build_full_world() -> SimpleNamespace:
    w = build_world()
    for module in modules():
        builder = getattr(module, "build", None)
        if builder:
            builder(w)
    return w


def all_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for module in modules():
        for name, entry in getattr(module, "ENTRIES", {}).items():
            assert name not in entries, f"{name} listed twice"
            entries[name] = entry
    return entries
