"""The director's dashboard (directeur): one school, one school year, composed from the apps'
figures. Every figure says in one line what it counts; a figure links to the list behind it
only where that list counts the same rows."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from cases import figures as case_figures
from cases.actions.selectors import external_owner_key
from cases.casefile.selectors import OPEN_FILTER
from cases.consent.models import ConsentState
from cases.models import CareLevel, CaseStatus
from clo import figures as clo_figures
from clo.models import RequestStatus
from meetings import figures as meeting_figures
from meetings.models import ThemeTopic
from ot_portal.core.access import Perm
from ot_portal.core.audit import ObjectType
from ot_portal.core.models import School, SchoolYear
from ot_portal.dashboards import scope as scoping
from ot_portal.dashboards.links import list_url
from ot_portal.dashboards.tables import Dashboard, DashboardKind, Row, Table
from ot_portal.dashboards.text import days, share, subtitle

MONTHS = ["", "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def director_dashboard(request) -> Dashboard:
    """Directeur: one school, one school year."""
    sc = scoping.school_scope(request, Perm.SCHOOL_DASHBOARD, object_type=ObjectType.DASHBOARD_DIRECTOR)
    school, year = sc.school, sc.year
    assert school is not None  # a school scope names its school (404 otherwise)
    today = timezone.localdate()
    ids = [school.pk]
    current = year.contains(today)
    owners, done = case_figures.actions_per_owner_and_done(school_ids=ids, today=today, year=year)
    requests_by_status, tlvs_granted = clo_figures.school_requests_by_status(school_ids=ids, year=year)
    tables = [
        _cases_by_status(ids, year, current, school),
        _intakes_per_month(ids, year, today, school),
        _actions_per_owner(owners, school),
        _ot_discussions(ids, year, school),
        *_meetings(ids, year, today, school),
        _consent_coverage(ids, today, school),
        _follow_through(done, tlvs_granted, year, school),
        _clo_requests(requests_by_status, year, school),
    ]
    return Dashboard(
        kind=DashboardKind.DIRECTOR,
        title=_("School dashboard"),
        subtitle=subtitle(school.name, year),
        tables=tables,
        query=urlencode({"school": str(school.uuid), "year": year.start_year}),
        context={"scope": sc},
    )


def _cases_by_status(ids, year: SchoolYear, current: bool, school: School) -> Table:
    by_status = case_figures.cases_by_status_and_level(school_ids=ids, year=year)
    levels = list(CareLevel)
    rows = []
    for status in CaseStatus:
        counts = [by_status.get((status.value, level.value), 0) for level in levels]
        # The case list shows every case with a status today: in the current school year that is
        # the same set for the open statuses, never for "closed" (it holds earlier years too).
        same_rows = current and status != CaseStatus.CLOSED
        rows.append(
            Row(
                label=str(status.label),
                values=[*counts, sum(counts)],
                link=list_url("cases:case_list", {"status": status.value, "school": str(school.uuid)})
                if same_rows
                else None,
            )
        )
    return Table(
        key="cases_by_status",
        title=_("Cases by status and care level"),
        label_header=_("Status"),
        columns=[*(str(level.label) for level in levels), _("Total")],
        rows=rows,
        footer=Row(label=_("Total"), values=[sum(r.values[i] for r in rows) for i in range(len(levels) + 1)]),
        chart="bar",
        chart_columns=len(levels),
        definition=_("Cases that were open at some time during the school year, by their status and care level today."),
    )


def _intakes_per_month(ids, year: SchoolYear, today: date, school: School) -> Table:
    intakes = case_figures.intakes_per_month(school_ids=ids, year=year)
    year_query = {"school": str(school.uuid), "year": year.start_year}
    rows = []
    for y, m in case_figures.months_of(year):
        started = date(y, m, 1) <= today
        rows.append(
            Row(
                label=f"{MONTHS[m]} {y}",
                values=[intakes.get((y, m), 0) if started else "–"],
                link=list_url("cases:intake_list", {**year_query, "month": m}) if started else None,
            )
        )
    return Table(
        key="intakes_per_month",
        title=_("Intakes (submitted zorgformulieren) per month"),
        label_header=_("Month"),
        columns=[_("Intakes")],
        rows=rows,
        footer=Row(label=_("Total"), values=[sum(intakes.values())], link=list_url("cases:intake_list", year_query)),
        chart="line",
        link=list_url("cases:intake_list", year_query),
        definition=_(
            "Zorgformulieren submitted by the IB in the month; drafts do not count, nor cases opened without one."
        ),
    )


def _actions_per_owner(owners: list[dict], school: School) -> Table:
    def links(owner: dict) -> list[str | None]:
        # The list groups owners as the figure does: an OT member by account, an external by name
        # (behind an opaque key: a URL never carries a name).
        key = (
            {"owner": str(owner["owner__uuid"])}
            if owner["owner_id"]
            else {"external_owner": external_owner_key(owner["external_owner_name"])}
        )
        query = {"school": str(school.uuid), **key}
        return [list_url("cases:action_list", query), list_url("cases:action_list", {**query, "overdue": "1"})]

    return Table(
        key="actions_per_owner",
        title=_("Open and overdue actions per owner"),
        label_header=_("Owner"),
        columns=[_("Open"), _("Overdue")],
        rows=[
            Row(
                label=o["owner__full_name"] or o["external_owner_name"] or "?",
                values=[o["open"], o["overdue"]],
                value_links=links(o),
            )
            for o in owners
        ],
        chart="bar",
        empty_text=_("No open actions."),
        definition=_("Today: every open action of the school's cases, and those past their due date."),
    )


def _ot_discussions(ids, year: SchoolYear, school: School) -> Table:
    lead = meeting_figures.first_discussion_lead_time(school_ids=ids, year=year)
    d = meeting_figures.discussions_with_consent(school_ids=ids, year=year)
    labels = meeting_figures.discussion_kind_labels()

    def discussions(kind: str) -> Row:
        query = {"school": str(school.uuid), "year": year.start_year, "kind": kind}
        return Row(labels[kind], [d[kind]], link=list_url("meetings:discussion_list", query))

    return Table(
        key="ot_discussions",
        title=_("OT discussions"),
        label_header=_("Figure"),
        columns=[_("Value")],
        rows=[
            Row(
                _("Median days from intake to first OT discussion"),
                [days(lead.median.value)],
                definition=_(
                    "Over the cases opened this school year that a held OT meeting discussed on or after "
                    "their opening date."
                ),
            ),
            Row(_("Cases in this median (n)"), [lead.median.n]),
            Row(
                _("Left out: not discussed yet"),
                [lead.not_discussed],
                definition=_("Opened this school year, not yet discussed in a held OT meeting."),
            ),
            Row(
                _("Left out: discussed only before their opening date"),
                [lead.discussed_before_opening],
                definition=_("The dates contradict each other, so no number of days can be given."),
            ),
            *(discussions(kind) for kind in labels),
            Row(
                _("Share of discussions by name with consent in force"),
                [share(d["named_with_consent"], d["named"])],
                definition=_(
                    "Discussions by name with consent in force on the meeting day, out of all discussions by "
                    "name; anonymous discussions need no consent and are left out."
                ),
            ),
        ],
        definition=_("A discussion counts when the case was on the agenda of an OT meeting that was held."),
    )


def _meetings(ids, year: SchoolYear, today: date, school) -> list[Table]:
    counts = meeting_figures.meeting_counts(school_ids=ids, year=year, today=today)
    norm = meeting_figures.meeting_norm_of(school)
    year_query = {"school": str(school.uuid), "year": year.start_year}
    rows = [
        Row(label, [counts[state]], link=list_url("meetings:meeting_list", {**year_query, "state": state}))
        for state, label in meeting_figures.meeting_state_labels().items()
    ]
    if norm:
        rows.append(Row(_("Partnership norm per year"), [f"{norm[0]}–{norm[1]}"]))
    themes = counts["themes"]
    return [
        Table(
            key="meetings",
            title=_("OT meetings held versus planned"),
            label_header=_("Meetings"),
            columns=[_("Number")],
            rows=rows,
            link=list_url("meetings:meeting_list", year_query),
            definition=_("OT meetings dated in the school year; held means minutes written or approved."),
        ),
        Table(
            key="themes",
            title=_("Theme discussions held"),
            label_header=_("Topic"),
            columns=[_("Theme discussions")],
            rows=[
                Row(
                    str(t.label),
                    [themes.get(t.value, 0)],
                    link=list_url("meetings:theme_list", {**year_query, "topic": t.value}),
                )
                for t in ThemeTopic
            ],
            footer=Row(_("Total"), [sum(themes.values())], link=list_url("meetings:theme_list", year_query)),
            chart="bar",
            link=list_url("meetings:theme_list", year_query),
            definition=_("Theme discussions in OT meetings of the school year that were held."),
        ),
    ]


def _consent_coverage(ids, today: date, school: School) -> Table:
    c = case_figures.consent_coverage(school_ids=ids, today=today)
    open_cases = {"status": OPEN_FILTER, "school": str(school.uuid)}

    def cases_with(state: str) -> str:
        return list_url("cases:case_list", {**open_cases, "consent": state})

    return Table(
        key="consent_coverage",
        title=_("Consent of pupils with an open case"),
        label_header=_("Consent today"),
        columns=[_("Pupils")],
        rows=[
            Row(
                _("In force"),
                [c.in_force],
                link=cases_with(ConsentState.IN_FORCE),
                definition=_("A consent in force that every guardian with parental authority agreed to."),
            ),
            Row(
                _("Waiting for a guardian"),
                [c.waiting],
                link=cases_with(ConsentState.WAITING),
                definition=_("A consent in force, but a guardian with parental authority has not agreed yet."),
            ),
            Row(
                _("None in force"),
                [c.none],
                link=cases_with(ConsentState.NONE),
                definition=_("No consent in force: discussed anonymously only."),
            ),
        ],
        footer=Row(_("Total"), [c.pupils], link=list_url("cases:case_list", open_cases)),
        link=list_url("cases:case_list", open_cases),
        definition=_(
            "Pupils with a case that is not closed, by the state of their consent today; a pupil has at most "
            "one open case, so the list behind each figure shows one case per pupil."
        ),
    )


def _follow_through(done: int, granted: int, year: SchoolYear, school: School) -> Table:
    return Table(
        key="follow_through",
        title=_("Follow-through this school year"),
        label_header=_("Figure"),
        columns=[_("Number")],
        rows=[
            Row(
                _("Actions done"),
                [done],
                link=list_url("cases:actions_done_list", {"school": str(school.uuid), "year": year.start_year}),
                definition=_("Actions of the school's cases recorded as done, with a done date in the school year."),
            ),
            Row(
                _("TLVs granted"),
                [granted],
                link=list_url("clo:request_list", {"school": str(school.uuid), "tlv_granted": year.start_year}),
                definition=_(
                    "Requests of the school on which the CLO granted a TLV (SBO, SO or extension) in the school "
                    "year; first decisions only, not revisions."
                ),
            ),
        ],
        definition=_("What the OT and the CLO finished in the school year, each figure with its own definition."),
    )


def _clo_requests(counts: dict[str, int], year: SchoolYear, school: School) -> Table:
    # The request list's ?year= applies the figure's own rule (`clo.figures.listed_in`).
    listed = {"school": str(school.uuid), "year": year.start_year}
    return Table(
        key="clo_requests",
        title=_("CLO requests by status"),
        label_header=_("Status"),
        columns=[_("Requests")],
        rows=[
            Row(
                str(s.label), [counts.get(s.value, 0)], link=list_url("clo:request_list", {**listed, "status": s.value})
            )
            for s in RequestStatus
        ],
        footer=Row(_("Total"), [sum(counts.values())], link=list_url("clo:request_list", listed)),
        chart="bar",
        link=list_url("clo:request_list", listed),
        definition=_("The school's requests still open, and those started this school year."),
    )
