"""Meeting figures (OT-overleggen, casusbesprekingen, themabesprekingen), aggregated in SQL.

Could move to `meetings/selectors.py` as that app's figure selectors. A case counts as discussed
when it was an agenda item of a meeting that was held (minutes written or approved): being put
on an agenda is not yet a discussion.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext as _

from cases.models import Case, Consent
from meetings.models import AgendaItem, Meeting, MeetingStatus, ThemeDiscussion, ThemeTopic
from ot_portal.core.models import PartnershipSettings, SchoolYear
from ot_portal.dashboards.figures import median
from ot_portal.dashboards.figures.cases import school_year_of
from ot_portal.dashboards.tables import Row, Table

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


def available() -> bool:
    return True


def _url(name: str, query: dict | None = None, **kwargs) -> str | None:
    from ot_portal.dashboards.builders import list_url

    return list_url(name, query, **kwargs)


def _in_year(year: SchoolYear, field: str = "date") -> Q:
    return Q(**{f"{field}__gte": year.starts_on, f"{field}__lte": year.ends_on})


# --- Discussions (used by the director dashboard instead of timeline events) --------------------


def held_items(*, school_ids, year: SchoolYear):
    """Agenda items of held meetings of the year: one row per case discussion."""
    return AgendaItem.objects.filter(
        meeting__school_id__in=school_ids, meeting__status__in=HELD, meeting__date__gte=year.starts_on
    ).filter(meeting__date__lte=year.ends_on)


def median_days_to_first_discussion(*, school_ids, year: SchoolYear) -> float | None:
    """Cases opened (intake) in the year: days until the first held OT meeting that discussed them."""
    first = (
        Case.objects.filter(school_id__in=school_ids, opened_on__gte=year.starts_on, opened_on__lte=year.ends_on)
        .annotate(
            first_on=Subquery(
                AgendaItem.objects.filter(
                    case_id=OuterRef("pk"), meeting__status__in=HELD, meeting__date__gte=OuterRef("opened_on")
                )
                .order_by("meeting__date")
                .values("meeting__date")[:1],
                output_field=DateField(),
            )
        )
        .filter(first_on__isnull=False)
        .annotate(days=ExpressionWrapper(F("first_on") - F("opened_on"), output_field=DurationField()))
    )
    return median(first, "days", duration=True)


def discussions_with_consent(*, school_ids, year: SchoolYear) -> dict[str, int]:
    """Case discussions in held meetings of the year, and how many had consent in force on the
    meeting day (discussion by name needs it; without it the case is discussed anonymously)."""
    day = OuterRef("meeting__date")
    consent = Exists(Consent.objects.named_on(day).filter(pupil_id=OuterRef("case__pupil_id")))
    totals = (
        held_items(school_ids=school_ids, year=year)
        .annotate(ok=consent)
        .aggregate(
            discussions=Count("pk"),
            with_consent=Count("pk", filter=Q(ok=True)),
            by_name=Count("pk", filter=Q(by_name=True)),
            cases=Count("case_id", distinct=True),
        )
    )
    return {k: v or 0 for k, v in totals.items()}


# --- Director ------------------------------------------------------------------------------


def meeting_counts(*, school_ids, year: SchoolYear, today: date) -> dict[str, int]:
    return (
        Meeting.objects.filter(school_id__in=school_ids)
        .filter(_in_year(year))
        .aggregate(
            planned=Count("pk", filter=~Q(status=MeetingStatus.CANCELLED)),
            held=Count("pk", filter=Q(status__in=HELD)),
            cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
            upcoming=Count("pk", filter=Q(status=MeetingStatus.PLANNED, date__gte=today)),
            overdue=Count("pk", filter=Q(status=MeetingStatus.PLANNED, date__lt=today)),
        )
    )


def themes_per_topic(*, school_ids, year: SchoolYear) -> dict[str, int]:
    rows = (
        ThemeDiscussion.objects.filter(meeting__school_id__in=school_ids, meeting__status__in=HELD)
        .filter(meeting__date__gte=year.starts_on, meeting__date__lte=year.ends_on)
        .values("topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["topic"]: r["n"] for r in rows}


def director_tables(*, school_ids, year: SchoolYear, today: date) -> list[Table]:
    counts = meeting_counts(school_ids=school_ids, year=year, today=today)
    target = (
        PartnershipSettings.objects.filter(partnership__boards__schools__in=school_ids)
        .values_list("meetings_per_year_min", "meetings_per_year_max")
        .first()
    )
    link = _url("meetings:index")
    rows = [
        Row(_("Planned this school year (not cancelled)"), [counts["planned"]]),
        Row(_("Held"), [counts["held"]]),
        Row(_("Still to come"), [counts["upcoming"]]),
        Row(_("Date passed, not yet recorded as held"), [counts["overdue"]]),
        Row(_("Cancelled"), [counts["cancelled"]]),
    ]
    if target:
        rows.append(Row(_("Partnership norm per year"), [f"{target[0]}–{target[1]}"]))
    meetings = Table(
        key="meetings",
        title=_("OT meetings held versus planned"),
        label_header=_("Meetings"),
        columns=[_("Number")],
        rows=rows,
        link=link,
    )
    themes = themes_per_topic(school_ids=school_ids, year=year)
    theme_table = Table(
        key="themes",
        title=_("Theme discussions held"),
        label_header=_("Topic"),
        columns=[_("Theme discussions")],
        rows=[Row(str(t.label), [themes.get(t.value, 0)]) for t in ThemeTopic],
        footer=Row(_("Total"), [sum(themes.values())]),
        chart="bar",
        link=link,
    )
    return [meetings, theme_table]


# --- IB worklist -----------------------------------------------------------------------------


def next_meeting_preparation(*, user, school_ids, today: date) -> Table:
    """The next OT meeting at the user's schools and how far its case discussions are prepared."""
    meeting = (
        Meeting.objects.filter(school_id__in=school_ids, status=MeetingStatus.PLANNED, date__gte=today)
        .select_related("school")
        .order_by("date", "start_time")
        .annotate(
            items_n=Count("items", distinct=True),
            parents=Count("items", filter=Q(items__parents_consulted=True), distinct=True),
            teacher=Count("items", filter=Q(items__teacher_invited=True), distinct=True),
            growth_doc=Count("items", filter=Q(items__growth_doc_current=True), distinct=True),
            themes_n=Count("themes", distinct=True),
        )
        .first()
    )
    if meeting is None:
        return Table(
            key="next_meeting",
            title=_("Next OT meeting"),
            label_header=_("Preparation"),
            columns=[_("Done")],
            rows=[],
            empty_text=_("No OT meeting is planned."),
            link=_url("meetings:index"),
        )
    n = meeting.items_n

    def share(done: int) -> str:
        return _("%(done)s of %(n)s") % {"done": done, "n": n}

    return Table(
        key="next_meeting",
        title=_("Next OT meeting: %(school)s, %(date)s")
        % {"school": meeting.school.name, "date": meeting.date.strftime("%d-%m-%Y")},
        label_header=_("Preparation"),
        columns=[_("Done")],
        rows=[
            Row(_("Cases on the agenda"), [n]),
            Row(_("Parents consulted beforehand"), [share(meeting.parents)]),
            Row(_("Teacher invited"), [share(meeting.teacher)]),
            Row(_("Growth document up to date"), [share(meeting.growth_doc)]),
            Row(_("Theme discussions on the agenda"), [meeting.themes_n]),
        ],
        link=_url("meetings:meeting_detail", uuid=meeting.uuid),
    )


def worklist_tables(*, user, school_ids, today: date) -> list[Table]:
    return [next_meeting_preparation(user=user, school_ids=school_ids, today=today)]


# --- Partnership -----------------------------------------------------------------------------


def partnership_counts(*, school_ids, year: SchoolYear, today: date) -> tuple[list, dict]:
    per_school: dict[int, dict[str, int]] = {}
    for r in (
        Meeting.objects.filter(school_id__in=school_ids, status__in=HELD)
        .filter(_in_year(year))
        .values("school_id")
        .annotate(meetings_held=Count("pk"))
        .order_by()
    ):
        per_school.setdefault(r["school_id"], {})["meetings_held"] = r["meetings_held"]
    for r in (
        ThemeDiscussion.objects.filter(meeting__school_id__in=school_ids, meeting__status__in=HELD)
        .filter(meeting__date__gte=year.starts_on, meeting__date__lte=year.ends_on)
        .values("meeting__school_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_school.setdefault(r["meeting__school_id"], {})["themes_held"] = r["n"]
    metrics = [("meetings_held", _("OT meetings held")), ("themes_held", _("Theme discussions held"))]
    return metrics, per_school


def discussed_per_school(*, school_ids, year: SchoolYear) -> dict[int, int]:
    rows = (
        held_items(school_ids=school_ids, year=year)
        .values("meeting__school_id")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )
    return {r["meeting__school_id"]: r["n"] for r in rows}


def trend_series(*, school_ids, start_years: list[int]) -> dict:
    if not start_years:
        return {}
    rows = (
        Meeting.objects.filter(
            school_id__in=school_ids,
            status__in=HELD,
            date__gte=date(min(start_years), 8, 1),
            date__lte=date(max(start_years) + 1, 7, 31),
        )
        .annotate(sy=school_year_of("date"))
        .values("sy")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {_("OT meetings held"): {r["sy"]: r["n"] for r in rows}}
