"""What a dashboard is made of: titled tables, each optionally drawn as a chart, each exportable
as CSV. Views, the PDF and the CSV export all render the same objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ot_portal.dashboards import charts, suppression

#: Cell text that is a figure: counts, "<5", "•", "–", "6–8", "33%", "37,0".
NUMERIC_TEXT = re.compile(r"[-−–<>•%.,\d ]*")


class DashboardKind(StrEnum):
    """Which dashboard a page is (also its URL's and its access log's name)."""

    WORKLIST = "worklist"
    DIRECTOR = "director"
    CLO = "clo"
    PARTNERSHIP = "partnership"


@dataclass
class Row:
    label: str
    values: list[Any]
    link: str | None = None
    group: str = ""  # e.g. the board a school belongs to, for CSV and PDF
    definition: str = ""  # one line: what this row's figure counts (tables of single figures)
    pupil_key: Any = None  # the pupil a pupil-level row names, for the access log (never shown)
    value_links: list[str | None] = field(default_factory=list)  # per value: the list behind that figure

    def value_link(self, i: int) -> str | None:
        return self.value_links[i] if i < len(self.value_links) else None


@dataclass
class Table:
    """One figure: a caption, column headers, rows, and how to draw it."""

    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    chart: str = ""  # "bar", "line" or ""
    chart_columns: int | None = None  # draw only the first n columns (leave out a total column)
    note: str = ""
    definition: str = ""  # one line: what the figure counts, shown under the title and exported
    column_definitions: list[str] = field(default_factory=list)  # per column, when columns are figures
    link: str | None = None  # the list behind the figure, when the user may see it
    label_header: str = ""
    footer: Row | None = None
    empty_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def svg(self) -> SafeString | str:
        if not self.chart or not self.rows:
            return ""
        labels = [r.label for r in self.rows]
        series = []
        for i, name in enumerate(self.columns[: self.chart_columns]):
            vs = [r.values[i] if isinstance(r.values[i], int | float) else None for r in self.rows]
            series.append((name, vs))
        draw = charts.line_chart if self.chart == "line" else charts.bar_chart
        return draw(self.title, labels, series)

    @cached_property
    def numeric(self) -> list[bool]:
        """Per column: right-align it (counts, "<5", "–") or not (text)."""
        out = []
        for i in range(len(self.columns)):
            cells = [r.values[i] for r in self.rows]
            out.append(
                all(
                    isinstance(v, int | float)
                    or v in ("<5", "•", "–", "")
                    or str(v).endswith("%")
                    or str(v).replace(",", "").isdigit()
                    for v in cells
                )
            )
        return out

    @property
    def header(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    def _cells(self, values: list[Any]) -> list[tuple[Any, bool, bool]]:
        """(value, right-aligned, a suppression mark) per cell."""
        return [(v, num, suppression.is_mark(v)) for v, num in zip(values, self.numeric, strict=True)]

    @property
    def body(self) -> list[tuple[Row, list[tuple[Any, bool, bool, str | None, str]]]]:
        """Per row and cell: (value, right-aligned, a suppression mark, the link behind that value or
        None, the column's name)."""
        return [
            (
                row,
                [
                    (v, num, mark, row.value_link(i), column)
                    for i, ((v, num, mark), column) in enumerate(
                        zip(self._cells(row.values), self.columns, strict=True)
                    )
                ],
            )
            for row in self.rows
        ]

    @property
    def footer_cells(self) -> list[tuple[Any, bool, bool]]:
        return self._cells(self.footer.values) if self.footer else []

    @property
    def definitions(self) -> list[tuple[str, str]]:
        """(figure, definition) for every column and row that has one: the same lines on the
        page, in the PDF and in the CSV."""
        out = [(c, d) for c, d in zip(self.columns, self.column_definitions, strict=False) if d]
        out += [(r.label, r.definition) for r in self.rows if r.definition]
        return out

    def csv_rows(self) -> list[list[str]]:
        out = [[_("Definition"), self.definition]] if self.definition else []
        out.append([self.label_header or "", *self.columns])
        for row in [*self.rows, *([self.footer] if self.footer else [])]:
            out.append([row.label, *("" if v is None else str(v) for v in row.values)])
        if self.note:
            out.append([_("Note"), self.note])
        for name, text in self.definitions:
            out.append([_("Definition: %(figure)s") % {"figure": name}, text])
        return out


@dataclass
class Dashboard:
    """A whole dashboard: heading, the scope it shows, its tables, and the query string that
    reproduces it (for the export links)."""

    kind: DashboardKind
    title: str
    subtitle: str
    tables: list[Table]
    query: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    pupil_level: bool = False  # True when rows name pupils (never on the partnership dashboard)

    @property
    def has_scope_form(self) -> bool:
        """The reader chooses school, partnership and year; the IB's worklist is today's, for the
        IB's own schools."""
        return self.kind != DashboardKind.WORKLIST

    @property
    def per_school(self) -> bool:
        """The director's dashboard shows one school at a time."""
        return self.kind == DashboardKind.DIRECTOR

    @property
    def charts_side_by_side(self) -> bool:
        """The director's small charts fit two to a row on a wide screen."""
        return self.kind == DashboardKind.DIRECTOR

    @property
    def is_partnership(self) -> bool:
        """The partnership's dashboard: small counts suppressed (ADR 0005), wide per-board tables."""
        return self.kind == DashboardKind.PARTNERSHIP

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def pupil_keys(self) -> list[Any]:
        """The pupils the dashboard's rows name (for the access log)."""
        return [row.pupil_key for table in self.tables for row in table.rows if row.pupil_key is not None]
