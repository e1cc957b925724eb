"""CSV exports that a spreadsheet opens safely: the one writer every export uses.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula (OWASP "CSV injection"): a pupil named `=HYPERLINK(...)` would leak data when
a director opens the export. Such cells get a leading apostrophe, which the spreadsheet shows as text.
Imports keep names as typed; only what leaves the product is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should show it: text that could start a formula is quoted.
    Numbers stay numbers (a negative count is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer with `;` (Dutch Excel), a UTF-8 BOM, and every cell passed through safe_cell."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        self._writer = csv.writer(self.buffer, delimiter=";")

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        for row in rows:
            self.writerow(row)

    def response(self, filename: str) -> HttpResponse:
        response = HttpResponse(self.buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
