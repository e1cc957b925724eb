"""An outsider with a solver, written apart from the page's own audit: it reads the published
partnership tables (what page, CSV and PDF show), knows how schools group into boards and
districts (public), and what the figures mean, and asks HiGHS for the smallest and largest whole
value of every hidden cell."""

from __future__ import annotations

import highspy

from ot_portal.dashboards.partnership import KEYS, TREND_KEYS

AT_MOST = [  # what anybody reading the definitions knows, per school
    (("new",), "running"),
    (("closed",), "running"),
    (("ot_level", "clo_level"), "running"),
    (("overdue_actions",), "open_actions"),
]
BIG = 10**6


def attack(tables, schools, keys, trend_keys, start_year):
    """{(table key, row label, column index): (lo, hi)} for every hidden cell on the page."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    by_key = {t.key: t for t in tables}
    var = {}  # published position -> variable or int
    hidden = {}

    def read(table, row, col, value):
        pos = (table, row, col)
        if isinstance(value, int):
            var[pos] = value
        elif value == "<5":
            var[pos] = h.addVariable(lb=1, ub=4, type=highspy.HighsVarType.kInteger)
            hidden[pos] = value
        elif value == "•":
            var[pos] = h.addVariable(lb=0, ub=BIG, type=highspy.HighsVarType.kInteger)
            hidden[pos] = value
        else:
            raise AssertionError(f"unexpected published value {value!r}")
        return var[pos]

    for t in ("per_school", "per_board", "per_district"):
        for r in by_key[t].rows:
            for i, v in enumerate(r.values):
                read(t, r.label, i, v)
        for i, v in enumerate(by_key[t].footer.values):
            read(t, "__total__", i, v)
    for r in by_key["trends"].rows:
        for i, v in enumerate(r.values):
            read("trends", r.label, i, v)

    def total(items):
        items = list(items)
        const = sum(x for x in items if isinstance(x, int))
        variables = [x for x in items if not isinstance(x, int)]
        if not variables:
            return const
        expr = h.expr()
        for x in variables:
            expr += x
        return expr + const

    def eq(a, b):
        if isinstance(a, int) and isinstance(b, int):
            assert a == b, "the published tables contradict each other"
        else:
            h.addConstr(h.expr() + a - b == 0)

    def le(a, b):
        if isinstance(a, int) and isinstance(b, int):
            assert a <= b, "the published tables contradict each other"
        else:
            h.addConstr(h.expr() + a - b <= 0)

    boards = {s.board_id: s.board for s in schools}
    districts = {s.district_id: s.district for s in schools}
    for i, key in enumerate(keys):
        for table, kind, names in (("per_board", "board_id", boards), ("per_district", "district_id", districts)):
            for gid, name in names.items():
                members = [var[("per_school", s.name, i)] for s in schools if getattr(s, kind) == gid]
                eq(total(members), var[(table, name, i)])
            eq(total(var[(table, name, i)] for name in names.values()), var[(table, "__total__", i)])
            eq(var[(table, "__total__", i)], var[("per_school", "__total__", i)])
    col = {k: i for i, k in enumerate(keys)}
    for s in schools:
        for parts, whole in AT_MOST:
            le(total(var[("per_school", s.name, col[p])] for p in parts), var[("per_school", s.name, col[whole])])
    label = f"{start_year}-{start_year + 1}"
    for j, key in enumerate(trend_keys):
        eq(var[("trends", label, j)], var[("per_school", "__total__", col[key])])

    ranges = {}

    def solve(objective, pos):
        objective(var[pos])
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, h.getModelStatus()
        return h.val(var[pos])

    for pos in hidden:
        lo = solve(h.minimize, pos)
        hi = solve(h.maximize, pos)
        ranges[pos] = (round(lo), float("inf") if hi > BIG - 1 else round(hi))
    return ranges, hidden


def assert_protected(tables, schools, per_school=None, *, start_year):
    """The rule of ADR 0005 as the outsider sees it: no hidden cell pinned to one value, and a
    "<5" (or any hidden true count of 1-4) still able to be each of 1, 2, 3 and 4."""
    ranges, hidden = attack(tables, schools, KEYS, TREND_KEYS, start_year)
    true = {}
    for s in schools:
        for i, k in enumerate(KEYS):
            true[("per_school", s.name, i)] = (per_school or {}).get(s.pk, {}).get(k, 0)
    for pos, (lo, hi) in ranges.items():
        assert lo < hi, f"{pos} is pinned to {lo}"
        if hidden[pos] == "<5":
            assert lo <= 1 and hi >= 4, f"<5 at {pos} narrowed to {lo}..{hi}"
        if pos in true and 1 <= true[pos] <= 4:
            assert lo <= 1 and hi >= 4, f"small count at {pos} narrowed to {lo}..{hi}"
    return ranges
