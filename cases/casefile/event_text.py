"""How a timeline event reads: rendered in the reader's language when it is shown.

A CaseEvent stores a `message` code and its `params` (codes, dates as ISO strings, references,
staff names, and free text typed by a user), never a translated sentence: an event written in an
English session reads Dutch for a Dutch reader. Each package that writes events registers the
renderers of its messages here from its AppConfig.ready() (the higher apps cannot be imported from
`cases`, see panels.py for the same pattern). Rows written before this existed carry their old
sentence as `params["text"]` under the message LEGACY and are shown as they are.

This module imports no model, so models.py can use it for `CaseEvent.text`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from django.utils.functional import Promise

from ot_portal.core.formats import date_prose

LEGACY = "legacy"

EventRenderer = Callable[[Mapping[str, Any]], str]

_RENDERERS: dict[str, EventRenderer] = {}


def register_event_messages(renderers: Mapping[str, EventRenderer]) -> None:
    """Add message renderers (idempotent: ready() may run more than once in tests)."""
    for message, renderer in renderers.items():
        if _RENDERERS.get(message, renderer) is not renderer:
            raise ValueError(f"Timeline message {message!r} is registered twice")
        _RENDERERS[message] = renderer


def is_known_message(message: str) -> bool:
    return message == LEGACY or message in _RENDERERS


def event_text(message: str, params: Mapping[str, Any]) -> str:
    """The event's sentence in the active language."""
    renderer = _RENDERERS.get(message)
    if renderer is None:
        # A legacy row, or a message whose app is not installed: show what was stored.
        return str(params.get("text", ""))
    return renderer(params)


# --- Building blocks for renderers --------------------------------------------------------------


def verbatim(value: Any) -> str:
    return "" if value is None else str(value)


def day(value: Any) -> str:
    """An ISO date param ("2026-12-01") in the prose style ("1 dec. 2026")."""
    if not value:
        return ""
    try:
        return date_prose(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def choice(choices: type[Enum]) -> Callable[[Any], str]:
    """A choice code rendered as its label in the reader's language (unknown codes as they are)."""

    def render(value: Any) -> str:
        try:
            return str(choices(value).label)  # type: ignore[attr-defined]
        except ValueError:
            return verbatim(value)

    return render


def lower(render: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda value: render(value).lower()


def sentence(template: Promise | str, **fields: Callable[[Any], str]) -> EventRenderer:
    """A renderer for `template % {field: render(params[field])}`; the template is translated at
    read time (pass a gettext_lazy string)."""

    def render(params: Mapping[str, Any]) -> str:
        text = str(template)
        if not fields:
            return text
        return text % {name: to_text(params.get(name)) for name, to_text in fields.items()}

    return render
