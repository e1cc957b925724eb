"""Reads for OT meetings. Every selector takes the user and returns an already scoped queryset.

Case visibility always comes from `cases.selectors.case_list_for_user`; whether a case may be
named comes from the consent in force *now* (a consent withdrawn after the agenda was made turns a
named item anonymous at once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from cases.actions.selectors import open_actions_owned_by
from cases.casefile.selectors import case_list_for_user
from cases.consent.selectors import consent_may_be_named_sql
from cases.models import Action, ActionStatus, Case
from meetings import figures
from meetings.models import (
    AgendaItem,
    AgreedIntervention,
    Escalation,
    Handover,
    ItemAction,
    Meeting,
    MinutesCorrection,
    Participant,
    Task,
    ThemeDiscussion,
    YearPlan,
    YearPlanTask,
)
from ot_portal.core.access import AnyUser, Perm, has_school_permission, school_ids_with
from ot_portal.core.aggregates import in_school_year
from ot_portal.core.models import School, SchoolMembership, SchoolYear, User

#: Reminders go out for open actions due within this many days.


def _consent_named(case_field: str = "case") -> Exists:
    """SQL: the case's pupil has a consent in force that covers discussion by name in the OT."""
    return consent_may_be_named_sql(f"{case_field}__pupil_id")


def _case_visible(user: AnyUser, case_field: str = "case_id") -> Exists:
    return Exists(case_list_for_user(user=user).filter(pk=OuterRef(case_field)))


def schools_for_user(*, user: AnyUser, permission: str = Perm.MEETING_VIEW) -> QuerySet[School]:
    return School.objects.filter(pk__in=school_ids_with(user, permission)).order_by("name")


def year_plan_list_for_user(*, user: AnyUser) -> QuerySet[YearPlan]:
    return (
        YearPlan.objects.filter(school_id__in=school_ids_with(user, Perm.MEETING_VIEW))
        .select_related("school", "school_year")
        .order_by("-school_year__start_year", "school__name")
    )


def meeting_list_for_user(*, user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(school_id__in=school_ids_with(user, Perm.MEETING_VIEW)).select_related(
        "school", "plan__school_year"
    )


def upcoming_meetings_for_user(*, user: AnyUser, limit: int = 5) -> list[Meeting]:
    today = timezone.localdate()
    return list(meeting_list_for_user(user=user).filter(date__gte=today).exclude(status="cancelled")[:limit])


def is_minute_taker(*, user: AnyUser, meeting: Meeting) -> bool:
    """The minute-taker named in the year plan, while still a member of the school's OT."""
    if not user.is_authenticated:
        return False
    return YearPlanTask.objects.filter(
        plan_id=meeting.plan_id, user=user, task=Task.MINUTE_TAKER
    ).exists() and has_school_permission(user, meeting.school_id, Perm.MEETING_VIEW)


def may_write_minutes(*, user: AnyUser, meeting: Meeting) -> bool:
    return has_school_permission(user, meeting.school_id, Perm.MEETING_MINUTES) or is_minute_taker(
        user=user, meeting=meeting
    )


def may_plan(*, user: AnyUser, school_id: int) -> bool:
    return has_school_permission(user, school_id, Perm.MEETING_PLAN)


def agenda_items_for_user(*, user: AnyUser, meeting: Meeting | None = None) -> QuerySet[AgendaItem]:
    """Case items the user may see: every anonymous item of a visible meeting, and named items only
    of cases the user may see (externals: cases granted to them). `is_named` says how to show it."""
    items = (
        AgendaItem.objects.filter(meeting__school_id__in=school_ids_with(user, Perm.MEETING_VIEW))
        .annotate(consent_named=_consent_named(), case_visible=_case_visible(user))
        .annotate(
            is_named=Q(by_name=True, consent_named=True),
        )
        .filter(Q(is_named=False) | Q(case_visible=True))
    )
    if meeting is not None:
        items = items.filter(meeting=meeting)
    return items


# --- The lists behind the director's figures ------------------------------------------------------


def meetings_of_year_for_user(
    *, user: AnyUser, school_ids: Iterable[int], year: SchoolYear, state: str = "", today: date | None = None
) -> QuerySet[Meeting]:
    """OT meetings the user may see at `school_ids`, dated in the school year and, when `state` is
    given, in that state (`meetings.figures.meeting_states`, the director's figure's definition)."""
    meetings = meeting_list_for_user(user=user).filter(school_id__in=school_ids)
    if state:
        meetings = figures.meetings_in(meetings, year, state=state, today=today or timezone.localdate())
    else:
        meetings = meetings.filter(in_school_year(year, "date"))
    return meetings.order_by("date", "start_time", "pk")


def themes_held_for_user(
    *, user: AnyUser, school_ids: Iterable[int], year: SchoolYear, topic: str = ""
) -> QuerySet[ThemeDiscussion]:
    """Theme discussions of held meetings of the year at `school_ids` the user may see, of one
    topic when given (`meetings.figures.themes_held_in`, the figure's definition)."""
    themes = ThemeDiscussion.objects.filter(
        meeting__school_id__in=set(school_ids) & set(school_ids_with(user, Perm.MEETING_VIEW))
    )
    themes = figures.themes_held_in(themes, year)
    if topic:
        themes = themes.filter(topic=topic)
    return themes.select_related("meeting__school").order_by("meeting__date", "pk")


def discussions_for_user(
    *, user: AnyUser, school_ids: Iterable[int], year: SchoolYear, kind: str = "discussions"
) -> QuerySet[AgendaItem]:
    """Case discussions (agenda items of held meetings of the year) at `school_ids` the user may see,
    of one kind (`meetings.figures.DISCUSSION_KINDS`, the figure's definitions), or one per case
    (`figures.CASES_DISCUSSED`). `is_named` says whether a row may name its pupil: an anonymous item
    never does, nor a named one whose consent has since been withdrawn."""
    items = figures.with_consent_on_the_day(
        figures.held_in(agenda_items_for_user(user=user).filter(meeting__school_id__in=school_ids), year)
    )
    if kind == figures.CASES_DISCUSSED:
        items = figures.latest_discussion_per_case(items)
    else:
        items = items.filter(figures.DISCUSSION_KINDS[kind])
    return items.select_related("meeting__school", "case__pupil").order_by("meeting__date", "position", "pk")


def agenda_items_full(*, user: AnyUser, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Items with everything the agenda and minutes pages show, in a fixed number of queries."""
    return (
        agenda_items_for_user(user=user, meeting=meeting)
        .select_related("case__pupil", "minutes__regie", "minutes__written_by")
        .prefetch_related(
            Prefetch("interventions", queryset=AgreedIntervention.objects.select_related("intervention")),
            Prefetch("item_actions", queryset=ItemAction.objects.select_related("action__owner")),
            Prefetch("guests", queryset=Participant.objects.select_related("user")),
            Prefetch("corrections", queryset=MinutesCorrection.objects.select_related("written_by")),
        )
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class CaseAgendaEntry:
    """One agenda item of the case, as its case page panel shows it."""

    meeting: Meeting
    by_name: bool
    has_minutes: bool
    escalation: str

    def get_escalation_display(self) -> StrOrPromise:
        return Escalation(self.escalation).label if self.escalation else ""


def case_panel_meetings(
    *, user: AnyUser, case: Case, offer: bool, limit: int = 3
) -> tuple[list[CaseAgendaEntry], list[Meeting]]:
    """The case page's meetings panel in one query: the case's items on agendas of meetings the
    user may open, newest meeting first (anonymous items too: only those who may see the case reach
    the page), and, when `offer`, the school's next `limit` planned meetings without the case on
    the agenda yet (to put it there in one click). One row per item of the case, plus one per
    planned meeting to come of the case's school (a year plan's worth, not the case's data)."""
    today = timezone.localdate()
    wanted = Q(case_item__isnull=False, school_id__in=school_ids_with(user, Perm.MEETING_VIEW))
    if offer:
        wanted |= Q(school_id=case.school_id, status="planned", date__gte=today)
    rows = (
        Meeting.objects.annotate(case_item=FilteredRelation("items", condition=Q(items__case=case)))
        .filter(wanted)
        .annotate(
            item_pk=F("case_item__pk"),
            item_by_name=F("case_item__by_name"),
            item_minutes=F("case_item__minutes__pk"),
            item_escalation=F("case_item__minutes__escalation"),
        )
        .order_by("date", "start_time", "pk", "item_pk")
    )
    items: list[tuple[date, int, CaseAgendaEntry]] = []
    on_agenda: set[int] = set()
    upcoming: list[Meeting] = []
    for meeting in rows:
        if meeting.item_pk is not None:
            on_agenda.add(meeting.pk)
            entry = CaseAgendaEntry(
                meeting=meeting,
                by_name=meeting.item_by_name,
                has_minutes=meeting.item_minutes is not None,
                escalation=meeting.item_escalation or "",
            )
            items.append((meeting.date, meeting.item_pk, entry))
    for meeting in rows:
        if offer and meeting.pk not in on_agenda and len(upcoming) < limit:
            upcoming.append(meeting)
    entries = [entry for _date, _pk, entry in sorted(items, key=lambda row: (row[0], row[1]), reverse=True)]
    return entries, upcoming


def participants_for_meeting(*, meeting: Meeting) -> QuerySet[Participant]:
    return meeting.participants.filter(item__isnull=True).select_related("user")


def general_corrections(*, meeting: Meeting) -> QuerySet[MinutesCorrection]:
    return meeting.corrections.filter(item__isnull=True).select_related("written_by")


def earlier_open_actions(*, user: AnyUser, meeting: Meeting) -> QuerySet[ItemAction]:
    """Actions agreed in earlier meetings of the school that are still open (shown on each new
    agenda). Actions of anonymous items are listed without any case detail."""
    return (
        ItemAction.objects.filter(
            item__meeting__school_id=meeting.school_id,
            item__meeting__date__lt=meeting.date,
            action__status=ActionStatus.OPEN,
            item__meeting__school_id__in=school_ids_with(user, Perm.MEETING_VIEW),
        )
        .annotate(consent_named=_consent_named("item__case"), case_visible=_case_visible(user, "item__case_id"))
        .annotate(is_named=Q(item__by_name=True, consent_named=True))
        .filter(Q(is_named=False) | Q(case_visible=True))
        .select_related("action__owner", "item__case__pupil", "item__meeting")
        .order_by("action__due_on", "pk")
    )


def _action_annotations(qs: QuerySet[Action], user: AnyUser) -> QuerySet[Action]:
    """Name a pupil on an action only when the user may see the case and, for an action from a
    meeting item, that item is named under consent."""
    anonymous_item = Exists(ItemAction.objects.filter(action_id=OuterRef("pk"), item__by_name=False))
    return (
        qs.annotate(
            case_visible=_case_visible(user),
            from_anonymous_item=anonymous_item,
            consent_named=_consent_named(),
        )
        .annotate(show_case=Q(case_visible=True, from_anonymous_item=False))
        .select_related("case__pupil", "case__school", "owner", "case__lead")
        .order_by("due_on", "pk")
    )


def my_open_actions(*, user: AnyUser) -> QuerySet[Action]:
    """Open actions the user owns, also those on cases they cannot see (then shown without the case)."""
    if not user.is_authenticated:
        return Action.objects.none()
    return _action_annotations(open_actions_owned_by(user=user), user)


def regie_open_actions(*, user: AnyUser) -> QuerySet[Action]:
    """Open actions owned by others on cases where the user holds regie."""
    if not user.is_authenticated:
        return Action.objects.none()
    return _action_annotations(
        Action.objects.open().filter(case__lead=user, case__in=case_list_for_user(user=user)).exclude(owner=user), user
    )


def school_overdue_actions(*, user: AnyUser) -> QuerySet[Action]:
    """Overdue actions at the schools where the user plans the OT (IB, director)."""
    if not user.is_authenticated:
        return Action.objects.none()
    return _action_annotations(
        Action.objects.overdue()
        .filter(case__school_id__in=school_ids_with(user, Perm.MEETING_PLAN))
        .exclude(owner=user)
        .exclude(case__lead=user),  # those are listed under regie already
        user,
    )


def school_members(*, school: School, on: date | None = None) -> QuerySet[User]:
    """Users with an active role at the school (for owner, regie and participant choices)."""
    user_ids = SchoolMembership.objects.active(on).filter(school=school).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name")


def case_choices_for_agenda(*, user: AnyUser, school: School) -> QuerySet[Case]:
    """Open cases of the school the planner may see, with `may_name` (consent in force)."""
    return (
        case_list_for_user(user=user)
        .filter(school=school)
        .exclude(status="closed")
        .select_related("pupil")
        .annotate(may_name=consent_may_be_named_sql("pupil_id"))
        .order_by("pupil__last_name", "pupil__first_name")
    )


def previous_year_plan(*, school: School, start_year: int) -> YearPlan | None:
    return YearPlan.objects.filter(school=school, school_year__start_year=start_year - 1).first()


def handover_users(*, schools: Iterable[School]) -> QuerySet[User]:
    """Everyone with a role (also an ended one) at the given schools: leavers and successors."""
    return User.objects.filter(pk__in=SchoolMembership.objects.filter(school__in=schools).values("user_id")).order_by(
        "full_name"
    )


def handover_history(*, schools: Iterable[School]) -> QuerySet[Handover]:
    return Handover.objects.filter(school__in=schools).select_related("school", "leaving", "successor", "done_by")[:20]
