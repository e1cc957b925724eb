"""Small-cell suppression, attacked: an outsider's solver (tests/dashboards/attack.py, written
apart from the page's audit) reads the partnership tables as published and tries to pin any
hidden cell. It must never succeed, and a hidden count of 1-4 must stay any of 1, 2, 3 or 4."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ot_portal.dashboards.partnership import KEYS, Unit, partnership_tables, publish, trend_values
from ot_portal.dashboards.suppression import PRIMARY, SECONDARY, at_most, feasible_ranges, sum_of, suppress
from tests.dashboards.attack import assert_protected

START = 2026


def published_value(tables, key, label, column):
    table = next(t for t in tables if t.key == key)
    row = table.footer if label is None else next(r for r in table.rows if r.label == label)
    return row.values[KEYS.index(column)]


# --- The engine on its own -----------------------------------------------------------------------


def test_counts_of_one_to_four_are_hidden_zeros_and_others_shown():
    values = {"a": 0, "b": 3, "c": 10, "t": 13}
    result = suppress(values, [sum_of(["a", "b", "c"], "t")], last_resort=["t"])
    assert result.hidden["b"] == PRIMARY
    assert result.display("a") == 0
    assert result.display("t") == 13
    assert result.hidden["c"] == SECONDARY  # 13 - 0 - 10 would give the 3 away


def test_the_relations_alone_can_give_a_small_count_away():
    """ot + clo <= running with all three 1-4 tells ot <= 3: a '<5' is then shown as '•'."""
    values = {"running": 3, "ot": 1, "clo": 2}
    result = suppress(values, [at_most(["ot", "clo"], "running")])
    ranges = feasible_ranges(values, result.hidden, [at_most(["ot", "clo"], "running")])
    for cell, (lo, hi) in ranges.items():
        assert hi - lo >= 3, (cell, lo, hi)
    assert SECONDARY in result.hidden.values()


# --- The case in issue 15 ------------------------------------------------------------------------

HET_KOMPAS = Unit(1, "Het Kompas", 1, "Bestuur Noord", 1, "Wijk Oost")
ZONNEBLOEM = Unit(2, "De Zonnebloem", 1, "Bestuur Noord", 1, "Wijk Oost")


def test_het_kompas_keeps_its_small_counts():
    """Het Kompas: 8 cases, 4 at OT and 4 at CLO level; De Zonnebloem 15, 9 and 6. Totals 23, 13
    and 10 with 13 + 10 = 23 forced both sums exact under the old suppression, which gave 4 and 4
    (and so 9 and 6) away. Now no hidden cell can be pinned from any of the tables."""
    schools = [HET_KOMPAS, ZONNEBLOEM]
    per_school = {
        1: {"running": 8, "new": 6, "ot_level": 4, "clo_level": 4, "discussed": 7},
        2: {"running": 15, "new": 11, "ot_level": 9, "clo_level": 6, "discussed": 12},
    }
    tables, _result = partnership_tables(schools, per_school, {}, start_year=START)
    assert published_value(tables, "per_school", "Het Kompas", "ot_level") == "<5"
    assert published_value(tables, "per_school", "Het Kompas", "clo_level") == "<5"
    ranges = assert_protected(tables, schools, per_school, start_year=START)
    ot = KEYS.index("ot_level")
    assert ranges[("per_school", "Het Kompas", ot)] == (1, 4)


def draw_partnership(data) -> tuple[list[Unit], dict]:
    n = data.draw(st.integers(2, 6), label="schools")
    n_boards = data.draw(st.integers(1, 3), label="boards")
    n_districts = data.draw(st.integers(1, 3), label="districts")
    schools = []
    for pk in range(1, n + 1):
        b = data.draw(st.integers(1, n_boards))
        d = data.draw(st.integers(1, n_districts))
        schools.append(Unit(pk, f"School {pk}", b, f"Bestuur {b}", d, f"Wijk {d}"))
    return schools, draw_counts(data, schools)


def draw_counts(data, schools) -> dict:
    """Random counts that obey the definitions (opened, closed <= open; OT + CLO <= open; ...)."""
    small = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 11, 15])
    per_school = {}
    for s in schools:
        running = data.draw(small)
        ot = data.draw(st.integers(0, running))
        open_actions = data.draw(small)
        counts = {
            "running": running,
            "new": data.draw(st.integers(0, running)),
            "closed": data.draw(st.integers(0, running)),
            "ot_level": ot,
            "clo_level": data.draw(st.integers(0, running - ot)),
            "open_actions": open_actions,
            "overdue_actions": data.draw(st.integers(0, open_actions)),
        }
        for key in ("discussed", "meetings_held", "themes_held", "clo_requests", "tlvs_granted"):
            counts[key] = data.draw(small)
        per_school[s.pk] = counts
    return per_school


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_partnerships_never_give_a_hidden_cell_away(data):
    """Property test: random partnerships (schools in boards and districts that need not nest) and
    random counts that obey the definitions, tables built exactly as the page builds them (with an
    earlier year in the trend); the outsider's solver pins no hidden cell and narrows no small one."""
    schools, per_school = draw_partnership(data)
    trend = {START - 1: trend_values(publish(schools, draw_counts(data, schools)))}
    tables, _result = partnership_tables(schools, per_school, trend, start_year=START)
    for t in tables:
        for row in [*t.rows, *([t.footer] if t.footer else [])]:
            assert not any(isinstance(v, int) and 1 <= v <= 4 for v in row.values), (t.key, row)
    assert_protected(tables, schools, per_school, start_year=START)


def test_a_partnership_whose_warm_started_solve_ends_undecided_is_still_audited():
    """Found by the property test above: four schools in one board and one district, with these
    counts, left HiGHS's warm-started simplex without a verdict ("Unknown") on one objective, and
    the partnership dashboard answered 500. The audit solves that objective again from scratch."""
    schools = [Unit(pk, f"School {pk}", 1, "Bestuur 1", 1, "Wijk 1") for pk in range(1, 5)]
    zero = dict.fromkeys(KEYS, 0)
    per_school = {
        1: dict(zero),
        2: {**zero, "running": 1, "ot_level": 1},
        3: dict(zero),
        4: {**zero, "running": 5, "ot_level": 4, "new": 5, "clo_level": 1},
    }
    tables, _result = partnership_tables(schools, per_school, {}, start_year=START)
    assert published_value(tables, "per_school", "School 2", "running") == "<5"
    assert_protected(tables, schools, per_school, start_year=START)
