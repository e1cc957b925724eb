"""Bulk where users work in bulk: the minutes of a case item take several actions and interventions
in one save, and a year plan takes all its meeting dates in one form; errors show per row."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Action, Intervention, InterventionLevel
from meetings import services
from meetings.models import ItemAction, ItemMinutes, Meeting
from tests.meetings.test_handover_and_plan import meeting_rows
from tests.meetings.test_minutes import management

pytestmark = pytest.mark.django_db


def _minutes_url(world):
    return reverse("meetings:item_minutes", kwargs={"uuid": world.item_a.uuid})


def _three_actions(world, **override):
    due = world.meeting_a.date + timedelta(days=14)
    data = {
        **management("actions", 4),
        **management("interventions", 2),
        "parents_presence": "present",
        "conclusions": "Drie afspraken gemaakt.",
        "interventions-0-level": InterventionLevel.IN_CLASS,
        "interventions-0-description": "Verlengde instructie rekenen",
        "interventions-1-level": InterventionLevel.PARENT_SUPPORT,
        "interventions-1-description": "Opvoedondersteuning thuis",
        "actions-0-description": "Huisbezoek plannen",
        "actions-0-owner": world.users["social_team_a"].pk,
        "actions-0-due_on": due.isoformat(),
        "actions-1-description": "Observatie in de klas",
        "actions-1-owner": world.users["ib_a"].pk,
        "actions-1-due_on": (due + timedelta(days=7)).isoformat(),
        "actions-2-description": "Intake jeugdhulp",
        "actions-2-external_name": "Karin Post",
        "actions-2-external_organisation": "Kenter",
        "actions-2-external_email": "karin@kenter.example",
        "actions-2-due_on": (due + timedelta(days=21)).isoformat(),
        # actions-3 is left empty and skipped
    }
    data.update(override)
    return data


def test_minutes_with_three_actions_and_two_interventions_in_one_save(world, client_for):
    action_events = world.case_a.events.filter(kind="action").count()
    response = client_for(world.users["ib_a"]).post(_minutes_url(world), _three_actions(world))
    assert response.status_code == 302
    actions = Action.objects.filter(case=world.case_a, source_app="meetings").order_by("due_on")
    assert [a.description for a in actions] == ["Huisbezoek plannen", "Observatie in de klas", "Intake jeugdhulp"]
    assert actions[0].owner == world.users["social_team_a"] and actions[2].owner is None
    assert actions[2].external_owner_organisation == "Kenter"
    assert ItemAction.objects.filter(item=world.item_a).count() == 3
    assert set(world.item_a.interventions.values_list("intervention__description", flat=True)) == {
        "Verlengde instructie rekenen",
        "Opvoedondersteuning thuis",
    }
    assert world.case_a.events.filter(kind="action").count() == action_events + 3


def test_one_bad_row_is_marked_on_that_row_and_nothing_is_saved(world, client_for):
    data = _three_actions(world, **{"actions-1-owner": "", "actions-2-due_on": "2000-01-01"})
    response = client_for(world.users["ib_a"]).post(_minutes_url(world), data)
    assert response.status_code == 200
    rows = response.context["actions"].forms
    assert not rows[0].errors
    assert "owner" in rows[1].errors
    assert "due_on" in rows[2].errors
    html = response.content.decode()
    assert "Kies een eigenaar" in html or "eigenaar" in html.lower()
    assert "Een actie kan niet vóór het overleg" in html
    for typed in ("Huisbezoek plannen", "Observatie in de klas", "Karin Post", "Opvoedondersteuning thuis"):
        assert typed in html
    assert not ItemMinutes.objects.exists()
    assert not Action.objects.filter(source_app="meetings").exists()
    assert not Intervention.objects.filter(description="Opvoedondersteuning thuis").exists()


def test_intervention_row_needs_its_level(world, client_for):
    data = _three_actions(world, **{"interventions-1-level": ""})
    response = client_for(world.users["ib_a"]).post(_minutes_url(world), data)
    assert response.status_code == 200
    assert "description" in response.context["interventions"].forms[1].errors
    assert not ItemMinutes.objects.exists()


def test_service_reports_bad_actions_per_row(world):
    good = services.ActionInput(
        description="a", due_on=world.meeting_a.date + timedelta(days=3), owner=world.users["ib_a"]
    )
    no_owner = services.ActionInput(description="b", due_on=world.meeting_a.date + timedelta(days=3))
    with pytest.raises(services.ActionRowErrors) as caught:
        services.item_minutes_record(
            actor=world.users["ib_a"],
            item=world.item_a,
            parents_presence="present",
            conclusions="c",
            actions=[good, no_owner],
        )
    assert list(caught.value.rows) == [1] and "owner" in caught.value.rows[1]
    assert not ItemMinutes.objects.exists()


def _future_days(world, *offsets):
    days = [timezone.localdate() + timedelta(days=d) for d in offsets]
    if not all(world.school_year.contains(d) for d in days):
        pytest.skip("too close to the end of the school year")
    return days


def test_year_plan_takes_all_its_dates_in_one_form(world, client_for):
    d1, d2, d3 = _future_days(world, 5, 12, 19)
    before = Meeting.objects.filter(plan=world.plan_a).count()
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:meeting_create", kwargs={"uuid": world.plan_a.uuid}),
        meeting_rows(
            {"date": d1.isoformat(), "start_time": "08:30", "place": "Teamkamer"},
            {"date": d2.isoformat(), "start_time": "14:00"},
            {"date": d3.isoformat(), "start_time": "08:30", "place": "Kamer 3"},
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:year_plan_detail", kwargs={"uuid": world.plan_a.uuid})
    planned = Meeting.objects.filter(plan=world.plan_a).order_by("date")
    assert planned.count() == before + 3
    assert planned.get(date=d2).start_time == time(14)
    assert planned.get(date=d3).place == "Kamer 3"


def test_year_plan_rows_with_errors_say_so_per_row_and_plan_nothing(world, client_for):
    (d1,) = _future_days(world, 5)
    past = timezone.localdate() - timedelta(days=2)
    before = Meeting.objects.count()
    response = client_for(world.users["ib_a"]).post(
        reverse("meetings:meeting_create", kwargs={"uuid": world.plan_a.uuid}),
        meeting_rows(
            {"date": d1.isoformat(), "start_time": "08:30", "place": "Teamkamer"},
            {"date": past.isoformat(), "start_time": "08:30", "place": "Kamer verleden"},
            {"date": d1.isoformat(), "start_time": "10:00", "place": "Dubbel"},
            {"date": "", "start_time": "", "place": "Alleen een plaats"},
        ),
    )
    assert response.status_code == 200
    rows = response.context["formset"].forms
    assert not rows[0].errors
    assert "date" in rows[1].errors and "date" in rows[3].errors
    html = response.content.decode()
    assert "Een overleg kan niet in het verleden worden gepland." in html
    assert "Deze datum staat hierboven al." in html  # the same date twice
    assert "date" in rows[2].errors
    for typed in ("Teamkamer", "Kamer verleden", "Dubbel", "Alleen een plaats"):
        assert typed in html
    assert Meeting.objects.count() == before


def test_service_plans_all_or_nothing(world):
    d1, d2 = _future_days(world, 6, 13)
    taken = world.meeting_a.date
    before = Meeting.objects.count()
    with pytest.raises(services.MeetingRowErrors) as caught:
        services.meetings_plan(
            actor=world.users["ib_a"],
            plan=world.plan_a,
            rows=[
                services.MeetingInput(date=d1, start_time=time(9)),
                services.MeetingInput(date=taken, start_time=time(9)),
            ],
        )
    assert list(caught.value.rows) == [1]
    assert Meeting.objects.count() == before
    with pytest.raises(ValidationError):
        services.meetings_plan(actor=world.users["ib_a"], plan=world.plan_a, rows=[])
    planned = services.meetings_plan(
        actor=world.users["ib_a"],
        plan=world.plan_a,
        rows=[services.MeetingInput(date=d1, start_time=time(9)), services.MeetingInput(date=d2, start_time=time(9))],
    )
    assert len(planned) == 2 and Meeting.objects.count() == before + 2
