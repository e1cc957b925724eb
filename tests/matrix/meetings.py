"""Matrix entries and world objects of the meetings app.

School A: a year plan where the orthopedagogue (granted case A) is the minute-taker, a planned
meeting with a named item for case A and an anonymous item for an unconsented case, and an
approved meeting with a named item of case A (the item_remove target).
School B: its own plan, meeting and item.
"""

from datetime import timedelta

from django.utils import timezone

from meetings.models import MeetingStatus, Task, YearPlanTask
from tests.factories.cases import ActionFactory, CaseFactory, EnrolmentFactory, PupilFactory
from tests.factories.core import SchoolGroupFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, YearPlanFactory
from tests.matrix import Entry, each
from tests.world import PERSONAS

#: Roles with meeting.view at school A (everyone in the OT except the care provider, who joins per case).
VIEW_A = [
    "director_a",
    "ib_a",
    "teacher_a",
    "teacher_a_other",
    "orthopedagogue_a",
    "youth_nurse_a",
    "social_worker_a",
    "social_team_a",
    "social_team_a_nogrant",
    "visiting_specialist_a",
]
PLAN_A = ["director_a", "ib_a"]
MINUTES_A = [*PLAN_A, "orthopedagogue_a"]  # the orthopedagogue is the plan's minute-taker
PLANNERS_ANYWHERE = [*PLAN_A, "ib_b", "director_b"]
#: Who sees the named item of case A: school staff of pupil A and the externals granted case A.
ITEM_A_VISIBLE = ["director_a", "ib_a", "teacher_a", "orthopedagogue_a", "social_team_a"]
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def build(w):
    today = timezone.localdate()
    w.plan_a = YearPlanFactory(school=w.school_a, school_year=w.school_year, created_by=w.users["ib_a"])
    YearPlanTask.objects.create(plan=w.plan_a, user=w.users["orthopedagogue_a"], task=Task.MINUTE_TAKER)
    w.meeting_a = MeetingFactory(plan=w.plan_a, date=today + timedelta(days=7))
    w.item_a = AgendaItemFactory(meeting=w.meeting_a, case=w.case_a, by_name=True, position=1)
    w.pupil_a_anon = PupilFactory(school=w.school_a, first_name="Zoë", last_name="Onbekendnaam")
    # Their own group, taught by no persona: the teachers' scope tests stay as they are.
    w.group_a_anon = SchoolGroupFactory(school=w.school_a, school_year=w.school_year, name="6b")
    EnrolmentFactory(pupil=w.pupil_a_anon, school_year=w.school_year, group=w.group_a_anon)
    w.case_a_anon = CaseFactory(pupil=w.pupil_a_anon)
    w.item_a_anon = AgendaItemFactory(meeting=w.meeting_a, case=w.case_a_anon, by_name=False, position=2)
    w.meeting_a_approved = MeetingFactory(plan=w.plan_a, date=today - timedelta(days=14), status=MeetingStatus.APPROVED)
    # A named item of case A on the approved (locked) meeting: the item_remove target, which every
    # planner is refused on purpose, so nothing disappears between personas.
    w.item_a_locked = AgendaItemFactory(meeting=w.meeting_a_approved, case=w.case_a, by_name=True, position=1)
    w.action_a = ActionFactory(case=w.case_a, owner=w.users["social_team_a"], created_by=w.users["ib_a"])
    w.plan_b = YearPlanFactory(school=w.school_b, school_year=w.school_year, created_by=w.users["ib_b"])
    w.meeting_b = MeetingFactory(plan=w.plan_b, date=today + timedelta(days=9))
    w.item_b = AgendaItemFactory(meeting=w.meeting_b, case=w.case_b, by_name=False)


def _chair_task(w):
    """The director as the plan's chair, recreated after a planner removed it."""
    task, _created = YearPlanTask.objects.get_or_create(plan=w.plan_a, user=w.users["director_a"], task=Task.CHAIR)
    return {"uuid": task.uuid}


def _plan(w):
    return {"uuid": w.plan_a.uuid}


def _meeting(w):
    return {"uuid": w.meeting_a.uuid}


def _item(w):
    return {"uuid": w.item_a.uuid}


def _view_plan_write(ok: int, allowed: list[str]) -> dict[str, int]:
    """`ok` for those allowed; 403 for the others who can see school A's meetings; 404 for the rest."""
    return {**each(VIEW_A, 403), **each(allowed, ok)}


ENTRIES = {
    "meetings:index": Entry(expect={**each(VIEW_A, 200), "ib_b": 200, "director_b": 200}, default=403),
    # The lists behind the director's figures, asked for school A: those who see its meetings get
    # the list; school B's staff a 404 (not-found and not-allowed look the same); the rest 403.
    **{
        f"meetings:{name}": Entry(
            expect={**each(VIEW_A, 200), "ib_b": 404, "director_b": 404},
            default=403,
            query=lambda w: {"school": str(w.school_a.uuid), "year": w.school_year.start_year},
        )
        for name in ("meeting_list", "theme_list", "discussion_list")
    },
    "meetings:my_actions": Entry(expect=each(SIGNED_IN, 200)),
    # Owner, and the school's planners, may complete; others who see case A get 403.
    "meetings:action_done": Entry(
        expect={**each(ITEM_A_VISIBLE, 403), **each([*PLAN_A, "social_team_a"], 302)},
        kwargs=lambda w: {"uuid": w.action_a.uuid},
        method="POST",
    ),
    "meetings:handover": Entry(expect=each(PLANNERS_ANYWHERE, 200), default=403),
    # An empty form with the user's own schools: nothing protected to log.
    "meetings:year_plan_create": Entry(expect=each(PLANNERS_ANYWHERE, 200), default=403, logs_access=False),
    "meetings:year_plan_detail": Entry(expect=each(VIEW_A, 200), kwargs=_plan),
    "meetings:year_plan_edit": Entry(expect=_view_plan_write(200, PLAN_A), kwargs=_plan),
    "meetings:task_add": Entry(expect=_view_plan_write(302, PLAN_A), kwargs=_plan, method="POST"),
    "meetings:task_remove": Entry(
        expect=_view_plan_write(302, PLAN_A), kwargs=_chair_task, method="POST", fresh_kwargs=True
    ),
    "meetings:meeting_create": Entry(expect=_view_plan_write(200, PLAN_A), kwargs=_plan),
    "meetings:meeting_detail": Entry(expect=each(VIEW_A, 200), kwargs=_meeting),
    "meetings:meeting_edit": Entry(expect=_view_plan_write(200, PLAN_A), kwargs=_meeting),
    "meetings:agenda_pdf": Entry(expect=each(VIEW_A, 200), kwargs=_meeting),
    "meetings:theme_add": Entry(expect=_view_plan_write(302, PLAN_A), kwargs=_meeting, method="POST"),
    "meetings:item_add": Entry(expect=_view_plan_write(200, PLAN_A), kwargs=_meeting),
    "meetings:participant_add": Entry(expect=_view_plan_write(302, PLAN_A), kwargs=_meeting, method="POST"),
    "meetings:evaluation_set": Entry(expect=_view_plan_write(302, MINUTES_A), kwargs=_meeting, method="POST"),
    "meetings:meeting_status": Entry(expect=_view_plan_write(302, PLAN_A), kwargs=_meeting, method="POST"),
    "meetings:correction_add": Entry(
        expect=_view_plan_write(302, MINUTES_A), kwargs=lambda w: {"uuid": w.meeting_a_approved.uuid}, method="POST"
    ),
    "meetings:item_prepare": Entry(
        expect={**each(ITEM_A_VISIBLE, 403), **each(PLAN_A, 302)}, kwargs=_item, method="POST"
    ),
    # Aimed at an item of the APPROVED meeting: the personas post one after another against one
    # world, so a successful removal by director_a would turn ib_a's answer into a 404. Here every
    # planner of school A passes the access check and gets the Dutch "locked" refusal (302 back to
    # the meeting, item kept); those who see case A without planning rights 403; the rest 404.
    # The removal itself is tested in tests/meetings/test_agenda_remove.py. No persona gets a 200,
    # so logs_access (which checks 200 answers only) has nothing to check here.
    "meetings:item_remove": Entry(
        expect={**each(ITEM_A_VISIBLE, 403), **each(PLAN_A, 302)},
        kwargs=lambda w: {"uuid": w.item_a_locked.uuid},
        method="POST",
    ),
    "meetings:item_minutes": Entry(expect={**each(ITEM_A_VISIBLE, 403), **each(MINUTES_A, 200)}, kwargs=_item),
    "meetings:parents_summary_pdf": Entry(expect={**each(ITEM_A_VISIBLE, 403), **each(MINUTES_A, 200)}, kwargs=_item),
}
