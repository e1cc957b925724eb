"""The answer to an access request as plain data: sections of blocks of text cells.

Every package that holds data on a pupil contributes sections; `meetings` and `clo` register a
provider here from their AppConfig.ready() (cases may not import them). All cells are plain
strings, so redaction (AVG art. 15(4)) is one pass over the whole document in
`cases.disclosure.redaction`, and the browser page and the PDF render the same objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases.pupils.models import Pupil


@dataclass
class Block:
    """A titled list of fields (label, value) or a table (columns, rows)."""

    title: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""

    def cells(self) -> Iterable[str]:
        for label, value in self.fields:
            yield label
            yield value
        for row in self.rows:
            yield from row


@dataclass
class Section:
    title: str
    blocks: list[Block]


SectionProvider = Callable[[Pupil], list[Section]]
_PROVIDERS: list[tuple[int, SectionProvider]] = []


def register_disclosure_sections(provider: SectionProvider, *, order: int = 100) -> None:
    """Add a provider of sections (idempotent: ready() may run more than once in tests).
    A provider reads everything its app holds on the pupil, in a fixed number of queries."""
    if any(p is provider for _order, p in _PROVIDERS):
        return
    _PROVIDERS.append((order, provider))
    _PROVIDERS.sort(key=lambda row: row[0])


def registered_sections(pupil: Pupil) -> list[Section]:
    return [section for _order, provider in _PROVIDERS for section in provider(pupil)]


def text(value: object) -> str:
    """One cell as the reader sees it: dates Dutch-style, yes/no, empty as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def model_fields(obj: models.Model, names: Iterable[str]) -> list[tuple[str, str]]:
    """(verbose name, shown value) per field, choices by their label."""
    rows: list[tuple[str, str]] = []
    for name in names:
        model_field = obj._meta.get_field(name)
        assert isinstance(model_field, models.Field)  # the object's own columns, not reverse relations
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display and getattr(obj, name) not in (None, "") else getattr(obj, name)
        if isinstance(model_field, models.ForeignKey):
            value = getattr(value, "full_name", None) or (str(value) if value is not None else None)
        rows.append((capfirst(str(model_field.verbose_name)), text(value)))
    return rows
