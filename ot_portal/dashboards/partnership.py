"""The partnership dashboard (samenwerkingsverband): aggregates per school, board and district,
and partnership totals per school year. No pupil-level data, and no small count that any
arithmetic on what is published can recover (see `suppression` and ADR 0005)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from cases import figures as case_figures
from clo import figures as clo_figures
from meetings import figures as meeting_figures
from ot_portal.core.access import Perm
from ot_portal.core.audit import ObjectType
from ot_portal.core.models import School
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards import suppression
from ot_portal.dashboards.tables import Dashboard, DashboardKind, Row, Table
from ot_portal.dashboards.text import subtitle

TREND_YEARS = 5


@dataclass(frozen=True)
class Metric:
    key: str
    label: StrOrPromise
    definition: StrOrPromise


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


def cells_and_relations(schools: list[Unit], per_school: dict[int, dict[str, int]]) -> tuple[dict, list, list]:
    """Every cell of one school year's tables, its true value, and the relations an outsider
    knows: schools add up to their board and to their district, boards and districts add up to
    the partnership total, and the "at most" relations of `cases.figures.AT_MOST` per school.
    The per-board, per-district and trend tables repeat the same total cells."""
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
    return values, relations, [("total", 0, key) for key in KEYS]


#: How long an audited result is kept. A key names exactly one result (see `_audit_key`), so this
#: bounds the cache's size, never its correctness.
AUDIT_CACHE_SECONDS = 24 * 60 * 60
#: The audit's own code is part of every key: a changed rule never reads a result of the old one.
_AUDIT_CODE = hashlib.sha256(Path(suppression.__file__).read_bytes()).hexdigest()


def _cache_key(prefix: str, *material: object) -> str:
    """A cache key naming `material` (and the audit's code) exactly: a digest of its repr."""
    return prefix + hashlib.sha256(repr((_AUDIT_CODE, *material)).encode()).hexdigest()


def _audit_key(values: dict, relations: list, totals: list) -> str:
    """A digest of everything the audit reads: every cell with its true value, every relation,
    the last-resort cells and the audit's code. Equal inputs give the equal result (the audit is
    deterministic), so a stored result is the one the solver would find again."""
    return _cache_key("dashboards:suppression:", list(values.items()), relations, totals)


def publish_years(schools: list[Unit], per_year: dict[int, dict]) -> dict[int, suppression.Suppressed]:
    """Each school year's figures (by start year), suppressed and audited. The solver runs only
    for figures it has not audited before: results are kept in the cache (production's is the
    database, shared by all app servers) under a digest of their input, read in one round trip."""
    inputs = {year: cells_and_relations(schools, per_school) for year, per_school in per_year.items()}
    keys = {year: _audit_key(*found) for year, found in inputs.items()}
    stored = cache.get_many(keys.values())
    out, fresh = {}, {}
    for year, (values, relations, totals) in inputs.items():
        if keys[year] in stored:
            hidden, ranges = stored[keys[year]]
            out[year] = suppression.Suppressed(values=dict(values), hidden=hidden, ranges=ranges)
            continue
        out[year] = suppression.suppress(values, relations, last_resort=totals)
        fresh[keys[year]] = (out[year].hidden, out[year].ranges)
    if fresh:
        cache.set_many(fresh, AUDIT_CACHE_SECONDS)
    return out


def publish(schools: list[Unit], per_school: dict) -> suppression.Suppressed:
    """One school year's figures, suppressed and audited."""
    return publish_years(schools, {0: per_school})[0]


def trend_values(result: suppression.Suppressed) -> dict[str, int | str]:
    """A school year's row of the trend: its partnership totals exactly as its own page shows them."""
    return {k: result.display(("total", 0, k)) for k in TREND_KEYS}


def partnership_tables(
    schools: list[Unit],
    per_school: dict,
    trend: dict,
    *,
    start_year: int,
    result: suppression.Suppressed | None = None,
) -> tuple[list[Table], suppression.Suppressed]:
    """The four tables exactly as page, CSV and PDF show them. `trend` holds, by start year, the
    `trend_values` of the earlier school years: each year's totals as that year's page shows
    them, so no page shows a total that another year's page hides. `result` is `per_school`
    already published (`publish_years`), when the caller has it."""
    if result is None:
        result = publish(schools, per_school)
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
    trend = {**trend, start_year: trend_values(result)}
    trend_rows = [Row(label=f"{sy}-{sy + 1}", values=[trend[sy][k] for k in TREND_KEYS]) for sy in sorted(trend)]
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


def _per_school(ids: list[int], years, today) -> dict[int, dict[int, dict[str, int]]]:
    """Every figure of every school for each of `years`, by start year: seven queries however
    many school years (each query counts every year at once, a column per figure and year)."""
    out: dict[int, dict[int, dict[str, int]]] = {y.start_year: {sid: {} for sid in ids} for y in years}
    actions = case_figures.action_counts_per_school(school_ids=ids, today=today)  # today's, in every year
    for source in (
        case_figures.case_counts_per_school(school_ids=ids, years=years),
        {y.start_year: actions for y in years},
        meeting_figures.counts_per_school(school_ids=ids, years=years),
        clo_figures.counts_per_school(school_ids=ids, years=years),
    ):
        for start_year, per_school in source.items():
            for sid, counts in per_school.items():
                out[start_year].setdefault(sid, {}).update(counts)
    return out


@dataclass(frozen=True)
class Figures:
    """The partnership's figures as read at `read_at`: the counts per school year and school, and
    each year's suppressed, audited result."""

    read_at: datetime
    per_year: dict[int, dict[int, dict[str, int]]]
    published: dict[int, suppression.Suppressed]


def read_figures(schools: list[Unit], years: list, today: date) -> Figures:
    """The figures of `schools` for `years`, counted over every case, action, meeting and request
    of the partnership (seven aggregates and the audit). A policy dashboard needs no second-by-
    second figures: a result is kept for `OT_PARTNERSHIP_FIGURES_SECONDS` (0: always read afresh)
    and the page says when it was read."""
    ids = [s.pk for s in schools]
    seconds = settings.OT_PARTNERSHIP_FIGURES_SECONDS
    key = _cache_key("dashboards:partnership:figures:", ids, [y.start_year for y in years], today.isoformat())
    found = cache.get(key) if seconds else None
    if isinstance(found, Figures):
        return found
    per_year = _per_school(ids, years, today)
    figures = Figures(read_at=timezone.now(), per_year=per_year, published=publish_years(schools, per_year))
    if seconds:
        cache.set(key, figures, seconds)
    return figures


def partnership_dashboard(request) -> Dashboard:
    """Samenwerkingsverband: aggregates per board, district and school; no pupil-level data."""
    sc = scoping.partnership_scope(request, Perm.PARTNERSHIP_DASHBOARD, object_type=ObjectType.DASHBOARD_PARTNERSHIP)
    today = timezone.localdate()
    year = sc.year
    partnership = sc.partnership
    assert partnership is not None  # a partnership scope names its partnership (404 otherwise)
    schools = [
        Unit(s.pk, s.name, s.board_id, s.board.name, s.district_id, s.district.name)
        for s in School.objects.filter(board__partnership=partnership)
        .select_related("board", "district")
        .order_by("board__name", "district__name", "name")
    ]
    earlier = sorted((y for y in sc.years if y.start_year < year.start_year), key=lambda y: y.start_year)
    earlier = earlier[-(TREND_YEARS - 1) :]
    figures = read_figures(schools, [*earlier, year], today)
    per_year, published = figures.per_year, figures.published
    trend = {y.start_year: trend_values(published[y.start_year]) for y in earlier}
    tables, result = partnership_tables(
        schools, per_year[year.start_year], trend, start_year=year.start_year, result=published[year.start_year]
    )
    return Dashboard(
        kind=DashboardKind.PARTNERSHIP,
        title=_("Partnership dashboard"),
        subtitle=subtitle(partnership.name, year),
        tables=tables,
        query=urlencode({"partnership": str(partnership.uuid), "year": year.start_year}),
        context={
            "scope": sc,
            "suppressed": bool(result.hidden),
            "figures_read_at": figures.read_at,
            "figures_minutes": settings.OT_PARTNERSHIP_FIGURES_SECONDS // 60,
        },
    )
