"""Handover of regie and open actions; year plan (copy of last year, 6-8 warning); planning
refusals; the query budget of a meeting page with 20 case items."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.actions.handover import member_handover
from cases.models import Action
from meetings import services
from meetings.models import Handover, Meeting, Task, YearPlanTask
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory, grant_case
from tests.factories.core import SchoolYearFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, YearPlanFactory

pytestmark = pytest.mark.django_db


def meeting_rows(*rows: dict, total: int = 8) -> dict:
    """POST data of the year plan's meeting-dates form (one row per meeting, empty rows skipped)."""
    data = {"meetings-TOTAL_FORMS": str(total), "meetings-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data |= {f"meetings-{i}-{name}": value for name, value in row.items()}
    return data


def test_handover_moves_regie_and_open_actions_with_timeline(world, client_for):
    leaving, successor = world.users["social_team_a"], world.users["social_team_a_nogrant"]
    grant_case(case=world.case_a, user=successor, consent=world.consent_a, granted_by=world.users["ib_a"])
    world.case_a.lead = leaving
    world.case_a.save()
    open_action = ActionFactory(case=world.case_a, owner=leaving)
    done_action = ActionFactory(case=world.case_a, owner=leaving, status="done", done_on=timezone.localdate())
    other_school = ActionFactory(case=world.case_b, owner=leaving)
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:handover"),
        {
            "school": str(world.school_a.uuid),
            "leaving": str(leaving.uuid),
            "successor": str(successor.uuid),
            "note": "Kim stopt per 1 december; Sam neemt het over.",
        },
    )
    assert response.status_code == 302
    world.case_a.refresh_from_db()
    assert world.case_a.lead == successor
    assert Action.objects.get(pk=open_action.pk).owner == successor
    assert Action.objects.get(pk=done_action.pk).owner == leaving
    assert Action.objects.get(pk=other_school.pk).owner == leaving
    summaries = [e.text for e in world.case_a.events.filter(kind__in=["lead", "action"])]
    assert any(successor.full_name in s for s in summaries if "egie" in s), summaries
    assert any("overgedragen" in s for s in summaries), summaries
    assert not any("stopt" in s for s in summaries), summaries  # the note stays off the timeline
    record = Handover.objects.get()
    assert (record.cases_moved, record.actions_moved) == (1, 2)  # with the world's action_a
    assert Action.objects.get(pk=world.action_a.pk).owner == successor
    assert record.note.startswith("Kim stopt")


def test_handover_to_someone_without_role_is_refused_and_nothing_moves(world, client_for):
    leaving = world.users["social_team_a"]
    world.case_a.lead = leaving
    world.case_a.save()
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:handover"),
        {
            "school": str(world.school_a.uuid),
            "leaving": str(leaving.uuid),
            "successor": str(world.users["ib_a_ended"].uuid),
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert "geen actieve rol" in response.content.decode()
    world.case_a.refresh_from_db()
    assert world.case_a.lead == leaving
    assert not Handover.objects.exists()


def test_handover_to_external_without_grant_is_refused_and_nothing_moves(world, client_for):
    leaving, successor = world.users["social_team_a"], world.users["social_team_a_nogrant"]
    world.case_a.lead = leaving
    world.case_a.save()
    action = ActionFactory(case=world.case_a, owner=leaving)
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:handover"),
        {
            "school": str(world.school_a.uuid),
            "leaving": str(leaving.uuid),
            "successor": str(successor.uuid),
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    world.case_a.refresh_from_db()
    assert world.case_a.lead == leaving
    assert Action.objects.get(pk=action.pk).owner == leaving  # all or nothing
    assert not Handover.objects.exists()


def test_handover_service_is_all_or_nothing(world):
    with pytest.raises(ValidationError):
        member_handover(
            actor=world.users["ib_a"],
            school=world.school_a,
            leaving=world.users["ib_a"],
            successor=world.users["ib_a"],
            note="x",
        )


def test_handover_not_allowed_for_school_b_planner_on_school_a(world, client_for):
    response = client_for(world.users["ib_b"]).post(
        reverse("meetings:handover"),
        {
            "school": str(world.school_a.uuid),
            "leaving": str(world.users["social_team_a"].uuid),
            "successor": str(world.users["social_team_a_nogrant"].uuid),
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert "school" in response.context["form"].errors


def test_meeting_in_the_past_is_refused_in_dutch(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:meeting_create", kwargs={"uuid": world.plan_a.uuid}),
        meeting_rows(
            {"date": (timezone.localdate() - timedelta(days=1)).isoformat(), "start_time": "08:30", "place": "Kamer 3"}
        ),
    )
    assert response.status_code == 200
    assert "Een overleg kan niet in het verleden worden gepland." in response.content.decode()
    assert "Kamer 3" in response.content.decode()
    with pytest.raises(ValidationError):
        services.meeting_plan(
            actor=world.users["ib_a"],
            plan=world.plan_a,
            date=timezone.localdate() - timedelta(days=1),
            start_time=time(9),
        )


def test_plan_meeting_adds_core_members_and_warns_outside_6_to_8(world, client_for):
    day = timezone.localdate() + timedelta(days=3)
    if not world.school_year.contains(day):
        pytest.skip("too close to the end of the school year")
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:meeting_create", kwargs={"uuid": world.plan_a.uuid}),
        meeting_rows({"date": day.isoformat(), "start_time": "08:30", "place": "Kamer 3"}),
        follow=True,
    )
    assert response.status_code == 200
    assert "het samenwerkingsverband verwacht er 6 tot 8 per jaar" in response.content.decode()
    assert Meeting.objects.filter(plan=world.plan_a).count() == 3


def test_year_plan_copy_of_last_year(world, client_for):
    this_year = world.school_year
    last_year = SchoolYearFactory(start_year=this_year.start_year - 1)
    old = YearPlanFactory(
        school=world.school_b, school_year=last_year, goals="Pesten verminderen", created_by=world.users["ib_b"]
    )
    YearPlanTask.objects.create(plan=old, user=world.users["director_b"], task=Task.CHAIR)
    # A date in last year's plan that is still ahead when moved 52 weeks on.
    future = timezone.localdate() + timedelta(days=10)
    MeetingFactory(plan=old, date=future - timedelta(weeks=52))
    next_year = SchoolYearFactory(start_year=this_year.start_year + 1)
    occupied = YearPlanFactory(school=world.school_b, school_year=next_year)  # a second plan is refused
    response = client_for(world.users["ib_b"]).post(
        reverse("meetings:year_plan_create"),
        {"school": world.school_b.pk, "start_year": next_year.start_year, "copy_previous": "on"},
    )
    assert response.status_code == 200
    assert "al een jaarplan" in response.content.decode()
    occupied.delete()
    Meeting.objects.filter(plan=world.plan_b).delete()
    world.plan_b.delete()
    plan = services.year_plan_create(
        actor=world.users["ib_b"], school=world.school_b, school_year=this_year, copy_previous=True
    )
    assert plan.goals == "Pesten verminderen"
    assert plan.tasks.get().user == world.users["director_b"]
    if this_year.contains(future):
        assert plan.meetings.get().date == future


def test_minute_taker_task_needs_a_member_of_the_school(world):
    with pytest.raises(ValidationError):
        services.year_plan_task_add(
            actor=world.users["ib_a"], plan=world.plan_a, user=world.users["ib_b"], task=Task.MINUTE_TAKER
        )


def test_meeting_page_queries_do_not_grow_with_items(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["ib_a"])
    url = reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})

    def add_items(n):
        for _ in range(n):
            pupil = PupilFactory(school=world.school_a)
            ConsentFactory(pupil=pupil, recorded_by=world.users["ib_a"])
            item = AgendaItemFactory(meeting=world.meeting_a, case=CaseFactory(pupil=pupil), by_name=True)
            services.item_minutes_record(
                actor=world.users["ib_a"],
                item=item,
                parents_presence="present",
                conclusions="c",
                interventions=[("in_class", "Extra hulp")],
                actions=[services.ActionInput(description="a", due_on=world.meeting_a.date, owner=world.users["ib_a"])],
            )
            services.participant_add(
                actor=world.users["ib_a"], meeting=world.meeting_a, kind="parent", name="Ouder", item=item
            )

    add_items(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_items(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="agenda-item"') == 22


def test_concurrent_year_plan_edit_is_refused_and_text_kept(world, client_for):
    url = reverse("meetings:year_plan_edit", kwargs={"uuid": world.plan_a.uuid})
    services.year_plan_update(
        actor=world.users["director_a"], plan=world.plan_a, goals="Van de directeur", composition="", version=1
    )
    response = client_for(world.users["ib_a"]).post(url, {"goals": "Van de IB", "composition": "", "version": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Van de IB" in html
    world.plan_a.refresh_from_db()
    assert world.plan_a.goals == "Van de directeur"


def test_ib_starts_year_plan_from_copy_in_the_browser_form(world, client_for):
    this_year = world.school_year
    next_year = SchoolYearFactory(start_year=this_year.start_year + 1)
    YearPlanTask.objects.create(plan=world.plan_a, user=world.users["director_a"], task=Task.CHAIR)
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:year_plan_create"),
        {"school": world.school_a.pk, "start_year": next_year.start_year, "copy_previous": "on"},
    )
    assert response.status_code == 302
    plan = world.school_a.year_plans.get(school_year=next_year)
    assert plan.goals == world.plan_a.goals
    assert set(plan.tasks.values_list("task", flat=True)) == {Task.CHAIR, Task.MINUTE_TAKER}


def test_move_meeting_into_the_past_is_refused(world, client_for):
    url = reverse("meetings:meeting_edit", kwargs={"uuid": world.meeting_a.uuid})
    client = client_for(world.users["ib_a"])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"date": yesterday.isoformat(), "start_time": "09:00", "place": "Aula", "version": 1})
    assert response.status_code == 200
    assert "Een overleg kan niet in het verleden worden gepland." in response.content.decode()
    response = client.post(
        url, {"date": world.meeting_a.date.isoformat(), "start_time": "09:00", "place": "Aula", "version": 1}
    )
    assert response.status_code == 302
    world.meeting_a.refresh_from_db()
    assert world.meeting_a.place == "Aula"


def test_planner_removes_a_task_from_the_year_plan_page(world, client_for):
    """The year plan page shows a remove button per task to planners only; the button removes
    exactly that task; a teacher is refused and school B's IB does not find it."""
    task = YearPlanTask.objects.create(plan=world.plan_a, user=world.users["director_a"], task=Task.CHAIR)
    remove_url = reverse("meetings:task_remove", kwargs={"uuid": task.uuid})
    plan_url = reverse("meetings:year_plan_detail", kwargs={"uuid": world.plan_a.uuid})
    assert remove_url in client_for(world.users["ib_a"]).get(plan_url).content.decode()
    assert remove_url not in client_for(world.users["teacher_a"]).get(plan_url).content.decode()
    assert client_for(world.users["teacher_a"]).post(remove_url).status_code == 403
    assert client_for(world.users["ib_b"]).post(remove_url).status_code == 404
    before = YearPlanTask.objects.filter(plan=world.plan_a).count()
    response = client_for(world.users["ib_a"]).post(remove_url, follow=True)
    assert response.redirect_chain[-1][0] == plan_url
    assert "De taak is van het jaarplan gehaald." in response.content.decode()
    assert not YearPlanTask.objects.filter(pk=task.pk).exists()
    assert YearPlanTask.objects.filter(plan=world.plan_a).count() == before - 1


def test_task_removal_service_refuses_someone_who_does_not_plan(world):
    from django.core.exceptions import PermissionDenied

    task = YearPlanTask.objects.create(plan=world.plan_a, user=world.users["director_a"], task=Task.CHAIR)
    with pytest.raises(PermissionDenied):
        services.year_plan_task_remove(actor=world.users["teacher_a"], task=task)
    assert YearPlanTask.objects.filter(pk=task.pk).exists()
