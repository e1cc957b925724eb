"""Figures on OT meetings, case discussions and theme discussions, aggregated in SQL
(OT-overleggen, casusbesprekingen, themabesprekingen).

A case counts as discussed when it was an agenda item of a meeting that was held (minutes
written or approved): being put on an agenda is not yet a discussion. The dashboards compose
and render these; callers pass school ids they have already scoped for the user. Every
function issues a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _

from cases.models import Case, Consent
from meetings.models import AgendaItem, Meeting, MeetingStatus, ThemeDiscussion, ThemeTopic
from ot_portal.core.aggregates import Median, any_of, in_school_year, median_with, per_year, split_per_year
from ot_portal.core.models import PartnershipSettings, School, SchoolYear

HELD = (MeetingStatus.HELD, MeetingStatus.APPROVED)


def held_in(items: QuerySet[AgendaItem], year: SchoolYear) -> QuerySet[AgendaItem]:
    """The agenda items among `items` of meetings held in the year: one row per case discussion."""
    return items.filter(meeting__status__in=HELD).filter(in_school_year(year, "meeting__date"))


def held_items(*, school_ids: Iterable[int], year: SchoolYear) -> QuerySet[AgendaItem]:
    """Agenda items of held meetings of the year: one row per case discussion."""
    return held_in(AgendaItem.objects.filter(meeting__school_id__in=school_ids), year)


def with_consent_on_the_day(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Each item gets `consent_on_the_day`: the pupil had consent in force for discussion by name on
    the meeting day (`Consent.objects.named_on`, the cases app's definition)."""
    consent = Consent.objects.named_on(OuterRef("meeting__date")).filter(pupil_id=OuterRef("case__pupil_id"))
    return items.annotate(consent_on_the_day=Exists(consent))


#: The director's kinds of case discussion (on items annotated by `with_consent_on_the_day`): the
#: figure counts each kind with this filter and the discussion list filters by it.
DISCUSSION_KINDS: dict[str, Q] = {
    "discussions": Q(),
    "named": Q(by_name=True),
    "anonymous": Q(by_name=False),
    "named_with_consent": Q(by_name=True, consent_on_the_day=True),
}
#: The list behind "cases discussed": one row per case, its latest discussion in the year.
CASES_DISCUSSED = "cases"


def latest_discussion_per_case(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Of `items`, one per case: the one of the latest meeting (so the rows count distinct cases)."""
    latest = items.filter(case_id=OuterRef("case_id")).order_by("-meeting__date", "-pk").values("pk")[:1]
    return items.filter(pk=Subquery(latest))


def meeting_states(today: date) -> dict[str, Q]:
    """The director's states of an OT meeting dated in the school year: the figure counts each
    state with this filter and the meeting list filters by it (keys in the figure's order)."""
    return {
        "planned": ~Q(status=MeetingStatus.CANCELLED),
        "held": Q(status__in=HELD),
        "upcoming": Q(status=MeetingStatus.PLANNED, date__gte=today),
        "overdue": Q(status=MeetingStatus.PLANNED, date__lt=today),
        "cancelled": Q(status=MeetingStatus.CANCELLED),
    }


def meeting_state_labels() -> dict[str, str]:
    """The states of `meeting_states` in words, as the director's figure and the list name them."""
    return {
        "planned": _("Planned this school year (not cancelled)"),
        "held": _("Held"),
        "upcoming": _("Still to come"),
        "overdue": _("Date passed, not yet recorded as held"),
        "cancelled": _("Cancelled"),
    }


def discussion_kind_labels() -> dict[str, str]:
    """The kinds of discussion (`DISCUSSION_KINDS` and `CASES_DISCUSSED`) in words."""
    return {
        CASES_DISCUSSED: _("Cases discussed in an OT meeting"),
        "discussions": _("Case discussions"),
        "named": _("Discussed by name"),
        "anonymous": _("Discussed anonymously"),
        "named_with_consent": _("Discussions by name with consent in force on the day"),
    }


def meetings_in(meetings: QuerySet[Meeting], year: SchoolYear, *, state: str, today: date) -> QuerySet[Meeting]:
    """The meetings among `meetings` dated in the year and in `state` (a key of `meeting_states`)."""
    return meetings.filter(in_school_year(year, "date")).filter(meeting_states(today)[state])


def themes_held_in(themes: QuerySet[ThemeDiscussion], year: SchoolYear) -> QuerySet[ThemeDiscussion]:
    """The theme discussions among `themes` of meetings held in the year."""
    return themes.filter(meeting__status__in=HELD).filter(in_school_year(year, "meeting__date"))


# --- Director ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    """Days from opening a case to its first OT discussion, over the cases opened in the year."""

    median: Median
    opened: int  # cases opened in the year
    not_discussed: int  # left out: not (yet) discussed in a held OT meeting
    discussed_before_opening: int  # left out: only discussed before the case's opening date


def first_discussion_lead_time(*, school_ids: Iterable[int], year: SchoolYear) -> LeadTime:
    """Cases opened in the year: days until the first held OT meeting on or after the opening
    date that discussed them. A case only ever discussed before its opening date is left out
    (the dates contradict each other) and counted apart, as are cases not discussed yet."""
    held = AgendaItem.objects.filter(case_id=OuterRef("pk"), meeting__status__in=HELD)
    opened = Case.objects.filter(school_id__in=school_ids).filter(in_school_year(year, "opened_on"))
    annotated = opened.annotate(
        first_on=Subquery(
            held.filter(meeting__date__gte=OuterRef("opened_on")).order_by("meeting__date").values("meeting__date")[:1],
            output_field=DateField(),
        ),
        before=Exists(held.filter(meeting__date__lt=OuterRef("opened_on"))),
    )
    days = annotated.annotate(
        days=ExpressionWrapper(F("first_on") - F("opened_on"), output_field=DurationField())
    )  # null when not discussed on or after opening: left out of the median, counted below
    lead, counts = median_with(
        days,
        "days",
        duration=True,
        opened=Count("pk"),
        not_discussed=Count("pk", filter=Q(first_on__isnull=True, before=False)),
        discussed_before_opening=Count("pk", filter=Q(first_on__isnull=True, before=True)),
    )
    return LeadTime(median=lead, **{k: v or 0 for k, v in counts.items()})


def discussions_with_consent(*, school_ids: Iterable[int], year: SchoolYear) -> dict[str, int]:
    """Case discussions in held meetings of the year. Discussion by name needs consent in force
    on the meeting day (`Consent.objects.named_on`, the cases app's definition); an anonymous
    discussion needs none, so the share with consent is taken over discussions by name only."""
    totals = with_consent_on_the_day(held_items(school_ids=school_ids, year=year)).aggregate(
        **{kind: Count("pk", filter=q) for kind, q in DISCUSSION_KINDS.items()},
        cases=Count("case_id", distinct=True),
    )
    return {k: v or 0 for k, v in totals.items()}


def meeting_counts(*, school_ids: Iterable[int], year: SchoolYear, today: date) -> dict[str, Any]:
    """The meetings dated in the year by state, and (key "themes", by topic) the theme discussions
    of those held: one query, the meetings joined to their themes (so meetings count distinct).
    The states are `meeting_states`, the meeting list's filters; a theme discussion counts when its
    meeting is in state "held" (`themes_held_in`, the theme list's filter)."""
    states = meeting_states(today)
    held = states["held"]
    row = (
        Meeting.objects.filter(school_id__in=school_ids)
        .filter(in_school_year(year, "date"))
        .aggregate(
            **{state: Count("pk", filter=q, distinct=True) for state, q in states.items()},
            **{
                f"theme_{topic.value}": Count("themes", filter=held & Q(themes__topic=topic.value))
                for topic in ThemeTopic
            },
        )
    )
    themes = {topic.value: row.pop(f"theme_{topic.value}") for topic in ThemeTopic}
    return {**row, "themes": {topic: n for topic, n in themes.items() if n}}


def meeting_norm_of(school: School) -> tuple[int, int] | None:
    """The partnership's norm for OT meetings per school year (minimum, maximum), from the
    school's partnership settings: no query when the school was read with
    select_related("board__partnership__settings")."""
    try:
        settings = school.board.partnership.settings
    except PartnershipSettings.DoesNotExist:
        return None
    return settings.meetings_per_year_min, settings.meetings_per_year_max


# --- IB worklist -------------------------------------------------------------------------------


def next_meeting(*, school_ids: Iterable[int], today: date) -> Meeting | None:
    """The next planned OT meeting at the schools, with how far its case discussions are prepared
    (items_n, parents, teacher, growth_doc) and its number of theme discussions (themes_n)."""
    return (
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


# --- Partnership: per school --------------------------------------------------------------------

METRICS = ["discussed", "meetings_held", "themes_held"]


def counts_per_school(*, school_ids: Iterable[int], years: list[SchoolYear]) -> dict[int, dict[int, dict[str, int]]]:
    """Per school year (by start year) and school: cases discussed (distinct), OT meetings held,
    theme discussions held; three queries for all of `years` (one column per figure and year)."""
    in_any = any_of(in_school_year(year, "meeting__date") for year in years)
    out = split_per_year(
        AgendaItem.objects.filter(meeting__school_id__in=school_ids, meeting__status__in=HELD)
        .filter(in_any)
        .values("meeting__school_id")
        .annotate(
            **{
                per_year("discussed", y): Count("case_id", distinct=True, filter=in_school_year(y, "meeting__date"))
                for y in years
            }
        )
        .order_by(),
        "meeting__school_id",
        years,
    )
    for name, rows in (
        (
            "meetings_held",
            Meeting.objects.filter(school_id__in=school_ids, status__in=HELD)
            .filter(any_of(in_school_year(year, "date") for year in years))
            .values("school_id")
            .annotate(**{per_year("meetings_held", y): Count("pk", filter=in_school_year(y, "date")) for y in years})
            .order_by(),
        ),
        (
            "themes_held",
            ThemeDiscussion.objects.filter(meeting__school_id__in=school_ids, meeting__status__in=HELD)
            .filter(in_any)
            .values("meeting__school_id")
            .annotate(
                **{per_year("themes_held", y): Count("pk", filter=in_school_year(y, "meeting__date")) for y in years}
            )
            .order_by(),
        ),
    ):
        key = "school_id" if name == "meetings_held" else "meeting__school_id"
        for start_year, per_school in split_per_year(rows, key, years).items():
            for sid, counts in per_school.items():
                out[start_year].setdefault(sid, {}).update(counts)
    return out
