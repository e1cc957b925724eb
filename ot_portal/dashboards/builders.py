"""The four dashboards, composed from the figure modules for one user's scope.

Builders take the request (for the user and the query string), resolve the scope through
`scope.py` and return a `Dashboard`; the HTML page, the PDF and the CSV all render that object.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cases.actions.selectors import open_actions_for_user
from cases.casefile.selectors import case_list_for_user
from cases.models import CareLevel, CaseStatus
from ot_portal.core.access import P, has_partnership_permission
from ot_portal.core.models import PartnershipSettings, School, SchoolYear
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards import suppression
from ot_portal.dashboards.figures import cases as case_figures
from ot_portal.dashboards.figures import clo as clo_figures
from ot_portal.dashboards.figures import consent as consent_figures
from ot_portal.dashboards.figures import meetings as meeting_figures
from ot_portal.dashboards.tables import Dashboard, Row, Table

WORKLIST_ROWS = 50
MONTHS = ["", "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def list_url(name: str, query: dict | None = None, **kwargs) -> str | None:
    """The URL of a list behind a figure, when the merged apps provide one; else no link."""
    try:
        url = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def _subtitle(name: str, year: SchoolYear) -> str:
    return _("%(name)s · school year %(year)s") % {"name": name, "year": year}


def _days(value: float | None) -> str:
    return "–" if value is None else formats.number_format(round(value, 1), 1)


# --- Director ---------------------------------------------------------------------------------


def director_dashboard(request) -> Dashboard:
    """Directeur: one school, one school year."""
    sc = scoping.school_scope(request, P.SCHOOL_DASHBOARD, object_type="dashboard.director")
    school, year = sc.school, sc.year
    today = timezone.localdate()
    ids = [school.pk]
    tables: list[Table] = []

    by_status = case_figures.cases_by_status_and_level(school_ids=ids, year=year)
    levels = list(CareLevel)
    rows = []
    for status in CaseStatus:
        counts = [by_status.get((status.value, level.value), 0) for level in levels]
        rows.append(
            Row(
                label=str(status.label),
                values=[*counts, sum(counts)],
                link=list_url("cases:case_list", {"status": status.value}),
            )
        )
    col_totals = [sum(r.values[i] for r in rows) for i in range(len(levels) + 1)]
    tables.append(
        Table(
            key="cases_by_status",
            title=_("Cases by status and care level"),
            label_header=_("Status"),
            columns=[*(str(level.label) for level in levels), _("Total")],
            rows=rows,
            footer=Row(label=_("Total"), values=col_totals),
            chart="bar",
            chart_columns=len(levels),
            link=list_url("cases:case_list"),
            note=_("Cases that were open at some time during the school year."),
        )
    )

    intakes = case_figures.intakes_per_month(school_ids=ids, year=year)
    tables.append(
        Table(
            key="intakes_per_month",
            title=_("New intakes per month"),
            label_header=_("Month"),
            columns=[_("New intakes")],
            rows=[
                Row(label=f"{MONTHS[m]} {y}", values=[intakes.get((y, m), 0) if date(y, m, 1) <= today else "–"])
                for y, m in case_figures.months_of(year)
            ],
            chart="line",
        )
    )

    lead = meeting_figures.median_days_to_first_discussion(school_ids=ids, year=year)
    consent = meeting_figures.discussions_with_consent(school_ids=ids, year=year)
    share = (
        formats.number_format(100 * consent["with_consent"] / consent["discussions"], 0) + "%"
        if consent["discussions"]
        else "–"
    )
    tables.append(
        Table(
            key="ot_discussions",
            title=_("OT discussions"),
            label_header=_("Figure"),
            columns=[_("Value")],
            rows=[
                Row(_("Median days from intake to first OT discussion"), [_days(lead)]),
                Row(_("Cases discussed in an OT meeting"), [consent["cases"]]),
                Row(_("Case discussions"), [consent["discussions"]]),
                Row(_("Discussed by name"), [consent["by_name"]]),
                Row(_("Discussions with valid consent on the day"), [consent["with_consent"]]),
                Row(_("Share of discussions with valid consent"), [share]),
            ],
            note=_("A discussion counts when the case was on the agenda of an OT meeting that was held."),
        )
    )

    owners = case_figures.actions_per_owner(school_ids=ids, today=today)
    tables.append(
        Table(
            key="actions_per_owner",
            title=_("Open and overdue actions per owner"),
            label_header=_("Owner"),
            columns=[_("Open"), _("Overdue")],
            rows=[
                Row(label=o["owner__full_name"] or o["external_owner_name"] or "?", values=[o["open"], o["overdue"]])
                for o in owners
            ],
            chart="bar",
            empty_text=_("No open actions."),
            note=_("The situation today, for every open action of the school's cases."),
        )
    )

    tables.extend(meeting_figures.director_tables(school_ids=ids, year=year, today=today))
    tables.extend(clo_figures.director_tables(school_ids=ids, year=year, today=today))

    # Half-width charts side by side on a wide screen: intakes next to actions, themes next to CLO.
    order = ["cases_by_status", "intakes_per_month", "actions_per_owner", "ot_discussions", "meetings"]
    tables.sort(key=lambda t: order.index(t.key) if t.key in order else len(order))
    query = urlencode({"school": str(school.uuid), "year": year.start_year})
    return Dashboard(
        kind="director",
        title=_("School dashboard"),
        subtitle=_subtitle(school.name, year),
        tables=tables,
        query=query,
        context={"scope": sc},
    )


# --- IB worklist ------------------------------------------------------------------------------


def _inactivity_filter(school_ids: list[int], now) -> Q:
    """Per partnership its own `case_inactivity_weeks` (PartnershipSettings)."""
    settings = PartnershipSettings.objects.filter(partnership__boards__schools__in=school_ids).values_list(
        "partnership_id", "case_inactivity_weeks"
    )
    q = Q(pk__in=[])
    for partnership_id, weeks in set(settings):
        q |= Q(school__board__partnership_id=partnership_id, last_activity_at__lt=now - timedelta(weeks=weeks))
    return q


def ib_worklist(request) -> Dashboard:
    """Werklijst IB: my cases that need attention, my overdue actions, the next meeting, drafts."""
    user = request.user
    sc = scoping.school_scope(request, scoping.WORKLIST_PERMISSION, object_type="dashboard.worklist")
    today = timezone.localdate()
    now = timezone.now()
    school_ids = [s.pk for s in sc.schools]
    inactive = _inactivity_filter(school_ids, now)
    flags = case_figures.consent_flags(today)
    mine = (
        case_list_for_user(user=user)
        .filter(lead=user, school_id__in=school_ids)
        .exclude(status=CaseStatus.CLOSED)
        .annotate(
            **flags,
            inactive=ExpressionWrapper(inactive, output_field=BooleanField()),
            opp_review_on=F("pupil__growth_document__opp_next_evaluation_on"),
            opp_due=ExpressionWrapper(
                Q(pupil__growth_document__has_opp=True, pupil__growth_document__opp_next_evaluation_on__lt=today),
                output_field=BooleanField(),
            ),
        )
        .filter(
            Q(inactive=True)
            | Q(next_evaluation_on__lt=today)
            | Q(opp_due=True)
            | Q(has_consent=False)
            | Q(consent_lasting=False)
        )
        .select_related("pupil", "school")
        .order_by("last_activity_at")
    )
    rows = []
    for case in mine[:WORKLIST_ROWS]:
        reasons = []
        if case.inactive:
            reasons.append(
                _("no activity since %(date)s") % {"date": formats.date_format(case.last_activity_at.date(), "j M Y")}
            )
        if case.next_evaluation_on and case.next_evaluation_on < today:
            reasons.append(
                _("evaluation date %(date)s passed") % {"date": formats.date_format(case.next_evaluation_on, "j M Y")}
            )
        if case.opp_due:
            reasons.append(
                _("OPP review date %(date)s passed") % {"date": formats.date_format(case.opp_review_on, "j M Y")}
            )
        if not case.has_consent:
            reasons.append(_("no consent in force"))
        elif not case.consent_lasting:
            reasons.append(_("consent expires within 30 days"))
        rows.append(
            Row(
                label=case.pupil.full_name,
                values=[case.school.name, str(case.get_status_display()), "; ".join(reasons)],
                link=list_url("cases:case_detail", uuid=case.uuid),
            )
        )
    tables = [
        Table(
            key="attention",
            title=_("My cases that need attention"),
            label_header=_("Pupil"),
            columns=[_("School"), _("Status"), _("Why")],
            rows=rows,
            empty_text=_("None of your cases needs attention."),
            note=_("The %(n)s that have waited longest.") % {"n": WORKLIST_ROWS} if len(rows) == WORKLIST_ROWS else "",
        )
    ]
    overdue = open_actions_for_user(user=user).filter(due_on__lt=today, case__school_id__in=school_ids)[:WORKLIST_ROWS]
    tables.append(
        Table(
            key="overdue_actions",
            title=_("My overdue actions"),
            label_header=_("Action"),
            columns=[_("Pupil"), _("Due"), _("Days overdue")],
            rows=[
                Row(
                    label=a.description,
                    values=[a.case.pupil.full_name, formats.date_format(a.due_on, "j M Y"), (today - a.due_on).days],
                    link=list_url("cases:case_detail", uuid=a.case.uuid),
                )
                for a in overdue
            ],
            empty_text=_("You have no overdue actions."),
            note=_("The %(n)s most overdue.") % {"n": WORKLIST_ROWS} if len(overdue) == WORKLIST_ROWS else "",
        )
    )
    tables.extend(meeting_figures.worklist_tables(user=user, school_ids=school_ids, today=today))
    tables.extend(case_figures_worklist_drafts(user=user, school_ids=school_ids))
    tables.extend(consent_figures.worklist_tables(user=user, school_ids=school_ids, today=today))
    return Dashboard(
        kind="worklist",
        title=_("My worklist"),
        subtitle=", ".join(s.name for s in sc.schools),
        tables=tables,
        query="",
        context={"scope": sc},
        pupil_level=True,
    )


def case_figures_worklist_drafts(*, user, school_ids) -> list[Table]:
    """Teacher intake drafts waiting for the IB (once the cases app has intakes)."""
    from ot_portal.dashboards.figures import intakes

    return intakes.worklist_tables(user=user, school_ids=school_ids)


# --- CLO secretary ----------------------------------------------------------------------------


def clo_dashboard(request) -> Dashboard:
    """CLO-secretariaat: the queue, terms at risk, TLVs expiring, decisions, objections."""
    sc = scoping.partnership_scope(request, P.CLO_DASHBOARD, object_type="dashboard.clo")
    today = timezone.localdate()
    can_process = has_partnership_permission(request.user, P.CLO_PROCESS, sc.partnership.pk)
    tables = clo_figures.clo_tables(partnership=sc.partnership, year=sc.year, today=today, can_process=can_process)
    return Dashboard(
        kind="clo",
        title=_("CLO dashboard"),
        subtitle=_subtitle(sc.partnership.name, sc.year),
        tables=tables,
        query=urlencode({"partnership": str(sc.partnership.uuid), "year": sc.year.start_year}),
        context={"scope": sc, "clo_available": clo_figures.available()},
        pupil_level=True,
    )


# --- Partnership ------------------------------------------------------------------------------


def _partnership_metrics(school_ids, year: SchoolYear, today: date) -> tuple[list[tuple[str, str]], dict]:
    """Per school: every partnership figure as a count. Returns the metric labels and values."""
    metrics: list[tuple[str, str]] = [
        ("running", _("Cases open in the year")),
        ("new", _("New intakes")),
        ("closed", _("Cases closed")),
        ("ot_level", _("At OT level")),
        ("clo_level", _("At CLO level")),
        ("discussed", _("Cases discussed in the OT")),
        ("open_actions", _("Open actions")),
        ("overdue_actions", _("Overdue actions")),
    ]
    per_school: dict[int, dict[str, int]] = {sid: {} for sid in school_ids}
    for sid, counts in case_figures.case_counts_per_school(school_ids=school_ids, year=year).items():
        per_school[sid].update(counts)
    for sid, counts in case_figures.action_counts_per_school(school_ids=school_ids, today=today).items():
        per_school[sid].update(counts)
    for sid, n in meeting_figures.discussed_per_school(school_ids=school_ids, year=year).items():
        per_school[sid]["discussed"] = n
    extra_metrics, extra = meeting_figures.partnership_counts(school_ids=school_ids, year=year, today=today)
    clo_metrics, clo_counts = clo_figures.partnership_counts(school_ids=school_ids, year=year, today=today)
    metrics += extra_metrics + clo_metrics
    for source in (extra, clo_counts):
        for sid, counts in source.items():
            per_school.setdefault(sid, {}).update(counts)
    return metrics, per_school


def suppress_hierarchy(schools: list[School], metrics: list[str], per_school: dict[int, dict[str, int]]):
    """Cells per school, board, district and the partnership, per metric, with the subtotal
    constraints an outsider could use; suppressed together so no level gives another away."""
    values: dict = {}
    constraints = []
    for key in metrics:
        boards: dict[int, list] = {}
        districts: dict[int, list] = {}
        for s in schools:
            cell = ("school", s.pk, key)
            values[cell] = per_school.get(s.pk, {}).get(key, 0)
            boards.setdefault(s.board_id, []).append(cell)
            districts.setdefault(s.district_id, []).append(cell)
        total = ("total", 0, key)
        values[total] = sum(values[c] for members in boards.values() for c in members)
        for kind, groups in (("board", boards), ("district", districts)):
            group_cells = []
            for gid, members in groups.items():
                cell = (kind, gid, key)
                values[cell] = sum(values[m] for m in members)
                constraints.append((members, cell))
                group_cells.append(cell)
            constraints.append((group_cells, total))
    return suppression.suppress(values, constraints)


def partnership_dashboard(request) -> Dashboard:
    """Samenwerkingsverband: aggregates per board, district and school; no pupil-level data."""
    sc = scoping.partnership_scope(request, P.PARTNERSHIP_DASHBOARD, object_type="dashboard.partnership")
    today = timezone.localdate()
    year = sc.year
    schools = list(
        School.objects.filter(board__partnership=sc.partnership)
        .select_related("board", "district")
        .order_by("board__name", "district__name", "name")
    )
    school_ids = [s.pk for s in schools]
    metrics, per_school = _partnership_metrics(school_ids, year, today)
    keys = [k for k, _label in metrics]
    labels = [label for _k, label in metrics]
    result = suppress_hierarchy(schools, keys, per_school)

    def shown(cell):
        return result.display(cell) if cell in result.hidden else result.values[cell]

    total_row = Row(label=_("Partnership total"), values=[shown(("total", 0, k)) for k in keys])
    tables = [
        Table(
            key="per_school",
            title=_("Per school"),
            label_header=_("School"),
            columns=labels,
            rows=[
                Row(label=s.name, values=[shown(("school", s.pk, k)) for k in keys], group=f"{s.board} / {s.district}")
                for s in schools
            ],
            footer=total_row,
        )
    ]
    for kind, title, header in (
        ("board", _("Per school board"), _("School board")),
        ("district", _("Per district"), _("District")),
    ):
        seen: dict[int, str] = {}
        for s in schools:
            owner = s.board if kind == "board" else s.district
            seen.setdefault(owner.pk, owner.name)
        tables.append(
            Table(
                key=f"per_{kind}",
                title=title,
                label_header=header,
                columns=labels,
                rows=[
                    Row(label=name, values=[shown((kind, pk, k)) for k in keys])
                    for pk, name in sorted(seen.items(), key=lambda item: item[1])
                ],
                footer=total_row,
                chart="bar" if kind == "board" else "",
            )
        )
    tables.append(_trend_table(sc, school_ids))
    return Dashboard(
        kind="partnership",
        title=_("Partnership dashboard"),
        subtitle=_subtitle(sc.partnership.name, year),
        tables=tables,
        query=urlencode({"partnership": str(sc.partnership.uuid), "year": year.start_year}),
        context={"scope": sc, "suppressed": bool(result.hidden)},
    )


def _trend_table(sc, school_ids) -> Table:
    """Partnership totals per school year (the last five). Only totals are shown, no per-school
    figures across years, so years cannot be combined to work out a hidden school cell."""
    start_years = sorted(y.start_year for y in sc.years if y.start_year <= sc.year.start_year)[-5:]
    series = {
        _("New intakes"): case_figures.intakes_per_school_year(school_ids=school_ids, start_years=start_years),
        _("Cases closed"): case_figures.closed_per_school_year(school_ids=school_ids, start_years=start_years),
    }
    series.update(meeting_figures.trend_series(school_ids=school_ids, start_years=start_years))
    series.update(clo_figures.trend_series(school_ids=school_ids, start_years=start_years))
    rows = []
    for sy in start_years:
        values = []
        for counts in series.values():
            v = counts.get(sy, 0)
            values.append("<5" if suppression.SMALL_MIN <= v <= suppression.SMALL_MAX else v)
        rows.append(Row(label=f"{sy}-{sy + 1}", values=values))
    return Table(
        key="trends",
        title=_("Trends across school years"),
        label_header=_("School year"),
        columns=list(series),
        rows=rows,
        chart="line",
        note=_("Partnership totals; counts of 1 to 4 are shown as <5."),
    )
