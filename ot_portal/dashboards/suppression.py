"""Small-cell suppression for the partnership's aggregate figures (celonderdrukking).

Counts of 1 to 4 are never shown ("<5", primary suppression). Because totals are published,
hiding those cells alone is not enough: a row with one hidden cell and a known total gives the
hidden cell away. So the engine suppresses further cells (secondary suppression) until no hidden
cell can be worked out from what is published.

The engine is generic: a table is a set of cells with true values plus linear constraints
"these member cells add up to that total cell" (row totals, column totals, board and district
subtotals). What an outsider knows about a hidden cell is an interval: [1, 4] for a primary cell
("<5" says so), [0, ∞) for a secondary one. Interval propagation over the constraints tells
whether any hidden cell is pinned to one value; while one is, the smallest visible cell of a
constraint through it is suppressed too (non-zero cells first: hiding a zero next to a 1 still
pins the 1). The brief's rule "a row or column with exactly one suppressed cell gets a second
one" is the simplest case of this.

Totals are computed from the true values and are cells like any other: shown unless they are
1 to 4 themselves or are needed as secondary suppression.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

SMALL_MIN, SMALL_MAX = 1, 4
INF = math.inf

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass
class Suppressed:
    """The outcome: the true values and which cells are hidden and why."""

    values: dict[Hashable, int]
    hidden: dict[Hashable, str] = field(default_factory=dict)  # cell -> PRIMARY | SECONDARY

    def shown(self, cell: Hashable) -> int | None:
        """The value to publish, or None when the cell is hidden."""
        return None if cell in self.hidden else self.values[cell]

    def display(self, cell: Hashable) -> str:
        kind = self.hidden.get(cell)
        if kind == PRIMARY:
            return "<5"
        if kind == SECONDARY:
            return "•"
        return str(self.values[cell])


Constraint = tuple[Sequence[Hashable], Hashable]  # (member cells, total cell): sum(members) == total


def intervals(
    values: dict[Hashable, int], hidden: dict[Hashable, str], constraints: Sequence[Constraint]
) -> dict[Hashable, tuple[float, float]]:
    """What an outsider can infer: an interval per cell, tightened over the constraints until stable."""
    bounds: dict[Hashable, tuple[float, float]] = {}
    for cell, value in values.items():
        kind = hidden.get(cell)
        if kind is None:
            bounds[cell] = (value, value)
        elif kind == PRIMARY:
            bounds[cell] = (SMALL_MIN, SMALL_MAX)
        else:
            bounds[cell] = (0, INF)
    # A constraint whose cells are all shown tells nothing new; only lines through a hidden cell
    # can narrow an interval (and a narrowed cell is always a hidden one).
    constraints = [(m, t) for m, t in constraints if t in hidden or any(c in hidden for c in m)]
    changed = True
    rounds = 0
    while changed and rounds < 500:
        changed = False
        rounds += 1
        for members, total in constraints:
            lo_sum = sum(bounds[m][0] for m in members)
            hi_fin = sum(bounds[m][1] for m in members if bounds[m][1] != INF)
            hi_inf = sum(1 for m in members if bounds[m][1] == INF)
            hi_sum = INF if hi_inf else hi_fin
            t_lo, t_hi = bounds[total]
            new_t = (max(t_lo, lo_sum), min(t_hi, hi_sum))
            if new_t != (t_lo, t_hi):
                bounds[total] = new_t
                t_lo, t_hi = new_t
                changed = True
            for m in members:
                m_lo, m_hi = bounds[m]
                others_lo = lo_sum - m_lo
                if m_hi == INF:
                    others_hi = INF if hi_inf > 1 else hi_fin
                else:
                    others_hi = INF if hi_inf else hi_fin - m_hi
                new_lo = max(m_lo, t_lo - others_hi)
                new_hi = min(m_hi, t_hi - others_lo)
                if (new_lo, new_hi) != (m_lo, m_hi):
                    bounds[m] = (new_lo, new_hi)
                    lo_sum += new_lo - m_lo
                    if m_hi == INF and new_hi != INF:
                        hi_inf -= 1
                        hi_fin += new_hi
                    elif m_hi != INF:
                        hi_fin += new_hi - m_hi
                    changed = True
    return bounds


def disclosed(values, hidden, constraints) -> list[Hashable]:
    """Hidden cells an outsider can pin to a single value."""
    bounds = intervals(values, hidden, constraints)
    return [cell for cell in hidden if bounds[cell][0] >= bounds[cell][1]]


def suppress(values: dict[Hashable, int], constraints: Sequence[Constraint] = ()) -> Suppressed:
    """Primary suppression of 1-4, then secondary suppression until nothing hidden can be derived."""
    hidden = {cell: PRIMARY for cell, v in values.items() if SMALL_MIN <= v <= SMALL_MAX}
    by_cell: dict[Hashable, list[Constraint]] = {}
    for constraint in constraints:
        members, total = constraint
        for cell in (*members, total):
            by_cell.setdefault(cell, []).append(constraint)
    while True:
        leaks = disclosed(values, hidden, constraints)
        if not leaks:
            break
        candidates = []
        for cell in leaks:
            for members, total in by_cell.get(cell, []):
                for other in (*members, total):
                    if other not in hidden:
                        # Non-zero members first, smallest first; a total only as a last resort.
                        candidates.append((values[other] == 0, other == total, values[other], str(other), other))
        if not candidates:  # every cell of every line through the leak is hidden already
            break
        candidates.sort(key=lambda c: c[:4])
        hidden[candidates[0][4]] = SECONDARY
    return Suppressed(values=dict(values), hidden=hidden)


ROW_TOTAL = "__row_total__"
COL_TOTAL = "__col_total__"


def table_constraints(n_rows: int, n_cols: int) -> list[Constraint]:
    """Row and column totals plus the grand total of an n_rows x n_cols table, cells (r, c)."""
    constraints: list[Constraint] = []
    for r in range(n_rows):
        constraints.append(([(r, c) for c in range(n_cols)], (r, ROW_TOTAL)))
    for c in range(n_cols):
        constraints.append(([(r, c) for r in range(n_rows)], (COL_TOTAL, c)))
    constraints.append(([(r, ROW_TOTAL) for r in range(n_rows)], (COL_TOTAL, ROW_TOTAL)))
    constraints.append(([(COL_TOTAL, c) for c in range(n_cols)], (COL_TOTAL, ROW_TOTAL)))
    return constraints


def suppress_table(matrix: Sequence[Sequence[int]]) -> Suppressed:
    """A table with row totals, column totals and a grand total, all from the true values."""
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if n_rows else 0
    values: dict[Hashable, int] = {}
    for r, row in enumerate(matrix):
        for c, v in enumerate(row):
            values[(r, c)] = int(v)
        values[(r, ROW_TOTAL)] = sum(int(v) for v in row)
    for c in range(n_cols):
        values[(COL_TOTAL, c)] = sum(int(matrix[r][c]) for r in range(n_rows))
    values[(COL_TOTAL, ROW_TOTAL)] = sum(values[(r, ROW_TOTAL)] for r in range(n_rows))
    return suppress(values, table_constraints(n_rows, n_cols))
