"""The partnership dashboard (samenwerkingsverband): aggregates per school, board and district,
and partnership totals per school year. No pupil-level data, and no small count that any
arithmetic on what is published can recover (see `suppression` and ADR 0005)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import figures as case_figures
from clo import figures as clo_figures
from meetings import figures as meeting_figures
from ot_portal.core.access import P
from ot_portal.core.models import School
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards import suppression
from ot_portal.dashboards.tables import Dashboard, Row, Table
from ot_portal.dashboards.text import subtitle

TREND_YEARS = 5


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str


METRICS = [
    Metric(
        "running", gettext_lazy("Cases open in the year"), gettext_lazy("Cases open at some time in the school year.")
    ),
    Metric("new", gettext_lazy("Cases opened"), gettext_lazy("Cases opened in the school year.")),
    Metric("closed", gettext_lazy("Cases closed"), gettext_lazy("Cases closed in the school year.")),
    Metric(
        "ot_level",
        gettext_lazy("At OT level"),
        gettext_lazy("Cases open in the school year whose care level is now the OT."),
    ),
    Metric(
        "clo_level",
        gettext_lazy("At CLO level"),
        gettext_lazy("Cases open in the school year whose care level is now the CLO."),
    ),
    Metric(
        "discussed",
        gettext_lazy("Cases discussed in the OT"),
        gettext_lazy("Cases on the agenda of an OT meeting held in the school year, each case once."),
    ),
    Metric("open_actions", gettext_lazy("Open actions"), gettext_lazy("Actions neither done nor cancelled, today.")),
    Metric(
        "overdue_actions", gettext_lazy("Overdue actions"), gettext_lazy("Open actions past their due date, today.")
    ),
    Metric(
        "meetings_held",
        gettext_lazy("OT meetings held"),
        gettext_lazy("OT meetings in the school year recorded as held."),
    ),
    Metric(
        "themes_held",
        gettext_lazy("Theme discussions held"),
        gettext_lazy("Theme discussions in OT meetings held in the school year."),
    ),
    Metric(
        "clo_requests",
        gettext_lazy("CLO requests received"),
        gettext_lazy("Requests the CLO received in the school year."),
    ),
    Metric(
        "tlvs_granted",
        gettext_lazy("TLVs granted"),
        gettext_lazy("Requests on which a TLV was granted in the school year (first decisions)."),
    ),
]
KEYS = [m.key for m in METRICS]
#: Figures also shown per school year in the trend table (partnership totals only).
TREND_KEYS = ["new", "closed", "meetings_held", "clo_requests"]


@dataclass(frozen=True)
class Unit:
    """What the page needs to know of a school: its id, name, board and district."""

    pk: int
    name: str
    board_id: int
    board: str
    district_id: int
    district: str


def cells_and_relations(
    schools: list[Unit], per_school: dict[int, dict[str, int]], trend: dict[int, dict[str, int]]
) -> tuple[dict, list[suppression.Relation], list]:
    """Every cell published on the page and in its exports, its true value, and the relations an
    outsider knows: schools add up to their board and to their district, boards and districts add
    up to the partnership total, the "at most" relations of `cases.figures.AT_MOST` per school,
    and the trend's partnership totals of earlier years (the selected year's row is the total)."""
    values: dict = {}
    relations: list[suppression.Relation] = []
    for key in KEYS:
        for s in schools:
            values[("school", s.pk, key)] = per_school.get(s.pk, {}).get(key, 0)
        for kind in ("board", "district"):
            groups: dict[int, list] = {}
            for s in schools:
                groups.setdefault(getattr(s, f"{kind}_id"), []).append(("school", s.pk, key))
            for gid, members in groups.items():
                values[(kind, gid, key)] = sum(values[m] for m in members)
                relations.append(suppression.sum_of(members, (kind, gid, key)))
            relations.append(suppression.sum_of([(kind, gid, key) for gid in groups], ("total", 0, key)))
        values[("total", 0, key)] = sum(values[("school", s.pk, key)] for s in schools)
    for s in schools:
        for parts, whole in case_figures.AT_MOST:
            relations.append(suppression.at_most([("school", s.pk, p) for p in parts], ("school", s.pk, whole)))
    for sy, counts in trend.items():
        for key in TREND_KEYS:
            values[("trend", sy, key)] = counts.get(key, 0)
    return values, relations, [("total", 0, key) for key in KEYS]


def publish(schools: list[Unit], per_school: dict, trend: dict) -> suppression.Suppressed:
    values, relations, totals = cells_and_relations(schools, per_school, trend)
    return suppression.suppress(values, relations, last_resort=totals)


def partnership_tables(
    schools: list[Unit], per_school: dict, trend: dict, *, start_year: int
) -> tuple[list[Table], suppression.Suppressed]:
    """The four tables exactly as page, CSV and PDF show them. `trend` holds the partnership
    totals of the earlier school years of the trend, by start year."""
    result = publish(schools, per_school, trend)
    shown = result.display
    labels = [str(m.label) for m in METRICS]
    definitions = [str(m.definition) for m in METRICS]
    total_row = Row(label=_("Partnership total"), values=[shown(("total", 0, k)) for k in KEYS])
    tables = [
        Table(
            key="per_school",
            title=_("Per school"),
            label_header=_("School"),
            columns=labels,
            column_definitions=definitions,
            rows=[
                Row(label=s.name, values=[shown(("school", s.pk, k)) for k in KEYS], group=f"{s.board} / {s.district}")
                for s in schools
            ],
            footer=total_row,
        )
    ]
    for kind, title, header in (
        ("board", _("Per school board"), _("School board")),
        ("district", _("Per district"), _("District")),
    ):
        names = {getattr(s, f"{kind}_id"): getattr(s, kind) for s in schools}
        tables.append(
            Table(
                key=f"per_{kind}",
                title=title,
                label_header=header,
                columns=labels,
                column_definitions=definitions,
                rows=[
                    Row(label=name, values=[shown((kind, pk, k)) for k in KEYS])
                    for pk, name in sorted(names.items(), key=lambda item: item[1])
                ],
                footer=total_row,
                chart="bar" if kind == "board" else "",
            )
        )
    trend_rows = []
    for sy in sorted([*trend, start_year]):
        cell = ("total", 0) if sy == start_year else ("trend", sy)
        trend_rows.append(Row(label=f"{sy}-{sy + 1}", values=[shown((*cell, k)) for k in TREND_KEYS]))
    by_key = {m.key: m for m in METRICS}
    tables.append(
        Table(
            key="trends",
            title=_("Trends across school years"),
            label_header=_("School year"),
            columns=[str(by_key[k].label) for k in TREND_KEYS],
            column_definitions=[str(by_key[k].definition) for k in TREND_KEYS],
            rows=trend_rows,
            chart="line",
            definition=_("Partnership totals per school year; the selected year's row is the total above."),
        )
    )
    return tables, result


def partnership_dashboard(request) -> Dashboard:
    """Samenwerkingsverband: aggregates per board, district and school; no pupil-level data."""
    sc = scoping.partnership_scope(request, P.PARTNERSHIP_DASHBOARD, object_type="dashboard.partnership")
    today = timezone.localdate()
    year = sc.year
    schools = [
        Unit(s.pk, s.name, s.board_id, s.board.name, s.district_id, s.district.name)
        for s in School.objects.filter(board__partnership=sc.partnership)
        .select_related("board", "district")
        .order_by("board__name", "district__name", "name")
    ]
    ids = [s.pk for s in schools]
    per_school: dict[int, dict[str, int]] = {sid: {} for sid in ids}
    for source in (
        case_figures.case_counts_per_school(school_ids=ids, year=year),
        case_figures.action_counts_per_school(school_ids=ids, today=today),
        meeting_figures.counts_per_school(school_ids=ids, year=year),
        clo_figures.counts_per_school(school_ids=ids, year=year),
    ):
        for sid, counts in source.items():
            per_school.setdefault(sid, {}).update(counts)
    earlier = sorted(y.start_year for y in sc.years if y.start_year < year.start_year)[-(TREND_YEARS - 1) :]
    series = {
        "new": case_figures.opened_per_school_year(school_ids=ids, start_years=earlier),
        "closed": case_figures.closed_per_school_year(school_ids=ids, start_years=earlier),
        "meetings_held": meeting_figures.meetings_held_per_school_year(school_ids=ids, start_years=earlier),
        "clo_requests": clo_figures.received_per_school_year(school_ids=ids, start_years=earlier),
    }
    trend = {sy: {k: series[k].get(sy, 0) for k in TREND_KEYS} for sy in earlier}
    tables, result = partnership_tables(schools, per_school, trend, start_year=year.start_year)
    return Dashboard(
        kind="partnership",
        title=_("Partnership dashboard"),
        subtitle=subtitle(sc.partnership.name, year),
        tables=tables,
        query=urlencode({"partnership": str(sc.partnership.uuid), "year": year.start_year}),
        context={"scope": sc, "suppressed": bool(result.hidden)},
    )
