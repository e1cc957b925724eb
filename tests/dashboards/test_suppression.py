"""Small-cell suppression: 1-4 never shown, and no hidden count can be worked out again."""

import itertools
import random

import pytest

from ot_portal.dashboards.suppression import (
    COL_TOTAL,
    PRIMARY,
    ROW_TOTAL,
    SECONDARY,
    suppress,
    suppress_table,
    table_constraints,
)


def consistent_values(result, constraints, *, cap):
    """Every value each hidden cell can take in some table that matches everything published
    (visible cells, and what "<5" / "•" say), by brute force. None when too big to enumerate."""
    keys = list(result.hidden)
    domains = [
        range(1, 5)
        if result.hidden[k] == PRIMARY
        else range(max(0, result.values[k] - cap), result.values[k] + cap + 1)
        for k in keys
    ]
    size = 1
    for d in domains:
        size *= len(d)
    if size > 150_000:
        return None
    seen = {k: set() for k in keys}
    for combo in itertools.product(*domains):
        values = dict(result.values)
        values.update(zip(keys, combo, strict=True))
        if all(sum(values[m] for m in members) == values[total] for members, total in constraints):
            for k, v in zip(keys, combo, strict=True):
                seen[k].add(v)
    return seen


def test_counts_of_one_to_four_are_hidden_and_others_shown():
    result = suppress_table([[0, 3, 10], [7, 12, 9]])
    assert result.display((0, 1)) == "<5"
    assert result.display((0, 0)) in ("0", "•")  # a zero is no small count
    assert result.display((1, 1)) == "12" or result.hidden.get((1, 1)) == SECONDARY
    assert result.display((COL_TOTAL, ROW_TOTAL)) == "41"


def test_single_hidden_cell_in_a_row_gets_a_partner():
    """Row 0 = 3 + 10 with a published total of 13 would give the 3 away."""
    result = suppress_table([[3, 10, 20], [8, 9, 30]])
    assert result.hidden[(0, 0)] == PRIMARY
    row0 = [c for c in result.hidden if c[0] == 0]
    col0 = [c for c in result.hidden if c[1] == 0]
    assert len(row0) >= 2 and len(col0) >= 2


def test_two_ones_in_a_row_are_not_safe_together():
    """1 + 1 = 2 with both known to be at least 1 pins both: a third cell must go too."""
    result = suppress_table([[1, 1, 9], [6, 7, 8]])
    assert (0, 2) in result.hidden or (0, ROW_TOTAL) in result.hidden


def test_small_totals_are_hidden_too():
    result = suppress_table([[1, 0], [0, 0]])
    assert result.display((COL_TOTAL, ROW_TOTAL)) != "1"
    assert (0, ROW_TOTAL) in result.hidden


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_cannot_be_undone_from_totals(seed):
    """Property test: in random small tables, every hidden cell keeps at least two possible
    values given every published cell, row, column and grand total."""
    rng = random.Random(seed)
    checked = 0
    for _ in range(60):
        rows, cols = rng.randint(2, 3), rng.randint(2, 3)
        matrix = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 11]) for _ in range(cols)] for _ in range(rows)]
        result = suppress_table(matrix)
        for cell, value in result.values.items():
            if 1 <= value <= 4:
                assert cell in result.hidden, (matrix, cell)
        constraints = table_constraints(rows, cols)
        # the brief's rule: no line with a published total has exactly one hidden cell
        for members, total in constraints:
            line = [*members, total]
            assert sum(c in result.hidden for c in line) != 1, (matrix, line)
        # Secondary cells searched within 5 of their true value only: a smaller search space can only
        # find fewer alternatives, so this is stricter than an attacker who searches everything.
        seen = consistent_values(result, constraints, cap=5)
        if seen is None:
            continue
        checked += 1
        for cell, values in seen.items():
            assert len(values) >= 2, f"{matrix}: hidden cell {cell} can only be {values}"
    assert checked > 10


def test_hierarchy_board_subtotal_does_not_give_a_school_away():
    """Board = school 1 + school 2; with school 1 = 2 hidden and school 2 shown, the board total
    would reveal it, so a second cell is hidden."""
    values = {"s1": 2, "s2": 40, "s3": 30, "b1": 42, "b2": 30, "t": 72}
    constraints = [(["s1", "s2"], "b1"), (["s3"], "b2"), (["b1", "b2"], "t")]
    result = suppress(values, constraints)
    assert result.hidden["s1"] == PRIMARY
    assert "s2" in result.hidden or "b1" in result.hidden
    seen = consistent_values(result, constraints, cap=5)
    assert all(len(v) >= 2 for v in seen.values())


@pytest.mark.parametrize("seed", range(4))
def test_random_partnership_hierarchies_cannot_be_undone(seed):
    """The partnership dashboard's own cells and constraints (school, board, district and
    partnership total per metric), on random small partnerships: brute force finds at least two
    values for every hidden cell."""
    from types import SimpleNamespace

    from ot_portal.dashboards.builders import suppress_hierarchy

    rng = random.Random(100 + seed)
    checked = 0
    for _ in range(40):
        n = rng.randint(2, 4)
        schools = [
            SimpleNamespace(pk=i, board_id=rng.randint(1, 2), district_id=rng.randint(1, 2)) for i in range(1, n + 1)
        ]
        per_school = {s.pk: {"m": rng.choice([0, 1, 2, 3, 4, 6, 9, 15])} for s in schools}
        result = suppress_hierarchy(schools, ["m"], per_school)
        for cell, value in result.values.items():
            if 1 <= value <= 4:
                assert cell in result.hidden
        constraints = []
        for level in ("board", "district"):
            groups = {}
            for s in schools:
                groups.setdefault(getattr(s, f"{level}_id"), []).append(("school", s.pk, "m"))
            for gid, members in groups.items():
                constraints.append((members, (level, gid, "m")))
            constraints.append(([(level, gid, "m") for gid in groups], ("total", 0, "m")))
        seen = consistent_values(result, constraints, cap=5)
        if seen is None:
            continue
        checked += 1
        for cell, values in seen.items():
            assert len(values) >= 2, f"{per_school}: hidden {cell} can only be {values}"
    assert checked > 10
