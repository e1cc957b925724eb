"""Small-cell suppression audited by a solver (celonderdrukking met een LP-audit, as CBS's
τ-ARGUS does for Dutch official statistics).

Everything published together (the page, its CSV and its PDF) is one set of cells with true
values, plus the relations an outsider knows hold between them: sums of parts ("the schools of
a board add up to the board"), "at most" relations ("cases at OT level plus cases at CLO level
are at most the cases that ran"), and the same total in several tables.

1. Primary suppression: counts of 1 to 4 are shown as "<5".
2. Audit: for every hidden cell, HiGHS finds the smallest and the largest whole value it can take
   given every published cell, every relation, and what the markers say ("<5" is 1 to 4, "•" is
   any count from 0). That is exactly what an outsider with a solver can work out.
3. Protection rule: a hidden count of 1 to 4 must still be able to be each of 1, 2, 3 and 4 (so
   "<5" is all an outsider knows of it), and no other hidden cell may be pinned to one value
   (secondary cells protect the small ones; they are not sensitive themselves). A cell that fails gets
   company: the published cell whose hiding widens its range most is hidden too ("•", secondary
   suppression; partnership totals only as the last resort), or a "<5" is shown as "•" when the
   relations alone give its 1-4 away. Then the audit runs again, until every hidden cell passes.

Totals are computed from the true values and are cells like any other.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import highspy

SMALL_MIN, SMALL_MAX = 1, 4
#: An upper bound no count on a dashboard reaches; a maximum at it means "no upper bound".
UNBOUNDED = 10**6

PRIMARY = "primary"  # shown as "<5": the outsider knows it is 1 to 4
SECONDARY = "secondary"  # shown as "•": the outsider knows only that it is a count
PRIMARY_MARK, SECONDARY_MARK = "<5", "•"


def is_mark(value: object) -> bool:
    """Whether a published cell is a suppression mark instead of a figure."""
    return value in (PRIMARY_MARK, SECONDARY_MARK)


Cell = Hashable


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * cell) == 0 (equal) or <= 0, over true values."""

    terms: tuple[tuple[Cell, int], ...]
    equal: bool

    @property
    def cells(self) -> list[Cell]:
        return [c for c, _k in self.terms]


def sum_of(parts: Iterable[Cell], whole: Cell) -> Relation:
    """The parts add up to the whole."""
    return Relation((*((p, 1) for p in parts), (whole, -1)), equal=True)


def at_most(parts: Iterable[Cell], whole: Cell) -> Relation:
    """The parts add up to at most the whole."""
    return Relation((*((p, 1) for p in parts), (whole, -1)), equal=False)


def same(a: Cell, b: Cell) -> Relation:
    """One figure published in two places."""
    return sum_of([a], b)


@dataclass
class Suppressed:
    """The outcome: true values, which cells are hidden and why, and the audited ranges."""

    values: dict[Cell, int]
    hidden: dict[Cell, str] = field(default_factory=dict)  # cell -> PRIMARY | SECONDARY
    ranges: dict[Cell, tuple[int, float]] = field(default_factory=dict)  # what an outsider can work out

    def shown(self, cell: Cell) -> int | None:
        """The value to publish, or None when the cell is hidden."""
        return None if cell in self.hidden else self.values[cell]

    def display(self, cell: Cell) -> str | int:
        kind = self.hidden.get(cell)
        if kind == PRIMARY:
            return PRIMARY_MARK
        if kind == SECONDARY:
            return SECONDARY_MARK
        return self.values[cell]


def _components(hidden: Iterable[Cell], relations: Sequence[Relation]) -> list[tuple[list[Cell], list[Relation]]]:
    """Hidden cells linked through relations, each group with the relations that touch it."""
    parent = {c: c for c in hidden}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    touching = []
    for rel in relations:
        inside = [c for c in rel.cells if c in parent]
        if not inside:
            continue  # all published: tells nothing new
        touching.append((rel, inside))
        for c in inside[1:]:
            parent[find(c)] = find(inside[0])
    groups: dict[Cell, tuple[list[Cell], list[Relation]]] = {}
    for c in parent:
        groups.setdefault(find(c), ([], []))[0].append(c)
    for rel, inside in touching:
        groups[find(inside[0])][1].append(rel)
    return list(groups.values())


def feasible_ranges(
    values: dict[Cell, int],
    hidden: dict[Cell, str],
    relations: Sequence[Relation],
    *,
    only: Cell | None = None,
    cache: dict | None = None,
) -> dict[Cell, tuple[int, float]]:
    """Per hidden cell (or just `only`), the smallest and largest whole value consistent with
    everything published, solved by HiGHS. An unbounded maximum is inf. `cache` keeps the ranges
    of components that did not change between rounds."""
    ranges: dict[Cell, tuple[int, float]] = {}
    for cells, rels in _components(hidden, relations):
        if only is not None and only not in cells:
            continue
        key = frozenset((c, hidden[c]) for c in cells)
        if cache is not None and key in cache:
            ranges.update(cache[key])
            continue
        found = _component_ranges(values, hidden, cells, rels, [only] if only is not None else cells)
        if cache is not None and only is None:
            cache[key] = found
        ranges.update(found)
    return ranges


def _component_ranges(values, hidden, cells, rels, targets) -> dict[Cell, tuple[int, float]]:
    """Min and max of each target over the integer points of the component. The linear relaxation
    is solved first; where its optimum is a whole-number point it is the integer optimum too (the
    sums and "at most" relations here mostly have such vertices), else the integer program decides."""
    lp, lp_var = _model(values, hidden, cells, rels, integer=False)
    found: dict[Cell, list[float]] = {}
    undecided = []
    for c in targets:
        for i, objective in enumerate((lp.minimize, lp.maximize)):
            objective(lp_var[c])
            value = _solved(lp, lp_var[c])
            if all(abs(x - round(x)) < 1e-6 for x in lp.getSolution().col_value):
                found.setdefault(c, [0, 0])[i] = value
            else:
                found.setdefault(c, [0, 0])
                undecided.append((c, i))
    if undecided:
        mip, mip_var = _model(values, hidden, cells, rels, integer=True)
        for c, i in undecided:
            (mip.minimize if i == 0 else mip.maximize)(mip_var[c])
            found[c][i] = _solved(mip, mip_var[c])
    out = {}
    for c, (lo, hi) in found.items():
        lo, hi = math.ceil(lo - 1e-6), math.floor(hi + 1e-6)
        out[c] = (lo, math.inf if hi >= UNBOUNDED else hi)
    return out


def _model(values, hidden, cells, rels, *, integer: bool):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
    var = {}
    for c in cells:
        lo, hi = (SMALL_MIN, SMALL_MAX) if hidden[c] == PRIMARY else (0, UNBOUNDED)
        var[c] = h.addVariable(lb=lo, ub=hi, type=kind)
    for rel in rels:
        expr = h.expr()
        known = 0
        for c, k in rel.terms:
            if c in var:
                expr += k * var[c]
            else:
                known += k * values[c]
        h.addConstr(expr == -known if rel.equal else expr <= -known)
    return h, var


def _solved(h, v) -> float:
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        # Each model is solved for many objectives in turn, each run starting from the basis the
        # last one left. On a degenerate basis HiGHS can stop without a verdict ("Unknown"): the
        # same model solved from scratch decides it.
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        # The true values always satisfy every relation, so this is a wrong relation, not data.
        raise RuntimeError(f"suppression audit: solver status {h.modelStatusToString(status)}")
    return h.val(v)


def protected(value: int, lo: float, hi: float) -> bool:
    """The protection rule for one hidden cell with true value `value`: a small count (1-4) can
    still be each of 1, 2, 3 and 4; any other hidden cell cannot be pinned to one value."""
    if SMALL_MIN <= value <= SMALL_MAX:
        return lo <= SMALL_MIN and hi >= SMALL_MAX
    return hi > lo


def failing(values, hidden, relations, cache=None) -> tuple[list[Cell], dict]:
    ranges = feasible_ranges(values, hidden, relations, cache=cache)
    bad = [c for c in hidden if not protected(values[c], *ranges[c])]
    return sorted(bad, key=str), ranges


def suppress(
    values: dict[Cell, int], relations: Sequence[Relation] = (), *, last_resort: Iterable[Cell] = ()
) -> Suppressed:
    """Primary suppression of 1-4, then audit and secondary suppression until every hidden cell
    is protected. Cells in `last_resort` (the partnership totals) are hidden only when nothing
    else protects a cell."""
    last = set(last_resort)
    hidden = {cell: PRIMARY for cell, v in values.items() if SMALL_MIN <= v <= SMALL_MAX}
    neighbours: dict[Cell, set[Cell]] = {}
    for rel in relations:
        for c in rel.cells:
            neighbours.setdefault(c, set()).update(rel.cells)
    cache: dict = {}
    while True:
        bad, ranges = failing(values, hidden, relations, cache)
        if not bad:
            return Suppressed(values=dict(values), hidden=hidden, ranges=ranges)
        target = bad[0]
        choice = _best_partner(values, hidden, relations, target, neighbours, last)
        if choice is not None:
            hidden[choice] = SECONDARY
        elif hidden[target] == PRIMARY:
            hidden[target] = SECONDARY  # the relations alone narrow its 1-4: say less about it
        else:
            primaries = [c for c in _component_of(target, hidden, relations) if hidden[c] == PRIMARY]
            if not primaries:
                raise RuntimeError(f"suppression: no way to protect {target!r}")
            hidden[sorted(primaries, key=str)[0]] = SECONDARY


def _component_of(target, hidden, relations) -> list[Cell]:
    return next(cells for cells, _rels in _components(hidden, relations) if target in cells)


def _best_partner(values, hidden, relations, target, neighbours, last) -> Cell | None:
    """The published cell whose hiding widens `target`'s range most: first cells sharing a
    relation with it, then cells sharing one with its component; smaller values first on a tie;
    partnership totals only when nothing else is left."""
    component = _component_of(target, hidden, relations)
    direct = {c for c in neighbours.get(target, ()) if c not in hidden}
    around = {c for m in component for c in neighbours.get(m, ()) if c not in hidden} - direct
    for pool in ((direct | around) - last, (direct | around) & last):
        if not pool:
            continue
        scored = []
        for c in pool:
            trial = {**hidden, c: SECONDARY}
            lo, hi = feasible_ranges(values, trial, relations, only=target)[target]
            ok = protected(values[target], lo, hi)
            width = min(hi, UNBOUNDED) - lo
            scored.append((not ok, -width, c not in direct, values[c] == 0, values[c], str(c), c))
        scored.sort(key=lambda s: s[:6])
        return scored[0][6]
    return None
