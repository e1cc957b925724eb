"""Minutes per case item: actions become the case's actions, everything lands on the timeline,
the minute-taker of the year plan may write, approved minutes are locked and corrected by appending."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.actions.selectors import open_actions_for_user
from cases.models import Action, InterventionLevel
from meetings import services
from meetings.models import ItemMinutes, MeetingStatus, MinutesCorrection

pytestmark = pytest.mark.django_db


def _url(world, name="item_minutes", item=None):
    return reverse(f"meetings:{name}", kwargs={"uuid": (item or world.item_a).uuid})


#: The old single-action field names of the minutes form, now the first row of each formset.
_ROW_FIELDS = {
    "intervention_level": "interventions-0-level",
    "intervention": "interventions-0-description",
    "action_description": "actions-0-description",
    "action_owner": "actions-0-owner",
    "action_external_name": "actions-0-external_name",
    "action_external_organisation": "actions-0-external_organisation",
    "action_external_email": "actions-0-external_email",
    "action_due_on": "actions-0-due_on",
}


def management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def _post_data(world, **extra):
    due = world.meeting_a.date + timedelta(days=14)
    data = {
        "parents_presence": "present",
        "attendance": "leerkracht",
        "conclusions": "Aanpak werkt deels.",
        "intervention_level": InterventionLevel.PARENT_SUPPORT,
        "intervention": "Opvoedondersteuning",
        "escalation": "clo_request",
        "regie": world.users["ib_a"].pk,
        "next_evaluation_on": (world.meeting_a.date + timedelta(days=42)).isoformat(),
        "action_description": "Gesprek met ouders",
        "action_owner": world.users["social_team_a"].pk,
        "action_due_on": due.isoformat(),
        **extra,
    }
    return {
        **management("actions", 3),
        **management("interventions", 2),
        **{_ROW_FIELDS.get(k, k): v for k, v in data.items()},
    }


def test_minutes_create_case_action_and_timeline_events(world, client_for):
    response = client_for(world.users["ib_a"]).post(_url(world), _post_data(world))
    assert response.status_code == 302
    action = Action.objects.get(case=world.case_a, description="Gesprek met ouders")
    assert action.owner == world.users["social_team_a"]
    assert action.source_app == "meetings"
    assert action in open_actions_for_user(user=world.users["social_team_a"])
    kinds = set(world.case_a.events.values_list("kind", flat=True))
    assert {"meeting", "intervention", "lead", "decision", "action"} <= kinds
    world.case_a.refresh_from_db()
    assert world.case_a.next_evaluation_on == world.meeting_a.date + timedelta(days=42)
    minutes = ItemMinutes.objects.get(item=world.item_a)
    assert minutes.regie == world.users["ib_a"]
    assert world.item_a.interventions.get().intervention.level == InterventionLevel.PARENT_SUPPORT
    assert world.case_a.interventions.get(description="Opvoedondersteuning").level == InterventionLevel.PARENT_SUPPORT


def test_action_for_external_owner_without_account(world, client_for):
    data = _post_data(
        world,
        action_owner="",
        action_external_name="Karin Post",
        action_external_organisation="Kenter",
        action_external_email="karin@kenter.example",
    )
    assert client_for(world.users["ib_a"]).post(_url(world), data).status_code == 302
    action = Action.objects.get(case=world.case_a, external_owner_name="Karin Post")
    assert action.owner is None


def test_minute_taker_from_year_plan_may_write(world, client_for):
    response = client_for(world.users["orthopedagogue_a"]).post(_url(world), _post_data(world))
    assert response.status_code == 302
    assert ItemMinutes.objects.get(item=world.item_a).written_by == world.users["orthopedagogue_a"]


def test_member_without_the_task_may_not_write(world, client_for):
    for persona in ("teacher_a", "social_team_a"):
        response = client_for(world.users[persona]).post(_url(world), _post_data(world))
        assert response.status_code == 403
    assert not ItemMinutes.objects.exists()
    assert not Action.objects.filter(source_app="meetings").exists()


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"action_owner": ""}, "actions-0-owner"),
        ({"action_due_on": "2000-01-01"}, "actions-0-due_on"),
        ({"action_due_on": ""}, "actions-0-due_on"),
        ({"next_evaluation_on": "2000-01-01"}, "next_evaluation_on"),
        ({"action_owner": "", "action_external_name": "Iemand"}, "actions-0-external_email"),
        ({"conclusions": ""}, "conclusions"),
    ],
)
def test_bad_minutes_input_gives_dutch_error_and_keeps_input(world, client_for, extra, field):
    data = _post_data(world, **extra)
    response = client_for(world.users["ib_a"]).post(_url(world), data)
    assert response.status_code == 200
    context = response.context
    errors = dict(context["form"].errors)
    for prefix in ("actions", "interventions"):
        for i, row in enumerate(context[prefix].forms):
            errors |= {f"{prefix}-{i}-{name}": e for name, e in row.errors.items()}
    assert field in errors
    html = response.content.decode()
    assert "Aanpak werkt deels." in html or not data["conclusions"]
    assert not Action.objects.filter(source_app="meetings").exists()
    assert not ItemMinutes.objects.exists()


def test_dutch_error_message_for_action_before_meeting(world, client_for):
    response = client_for(world.users["ib_a"]).post(_url(world), _post_data(world, action_due_on="2000-01-01"))
    assert "Een actie kan niet vóór het overleg" in response.content.decode()


def test_service_refuses_action_without_owner_or_due_before_meeting(world):
    for action in (
        services.ActionInput(description="x", due_on=world.meeting_a.date + timedelta(days=1)),
        services.ActionInput(
            description="x", due_on=world.meeting_a.date - timedelta(days=1), owner=world.users["ib_a"]
        ),
    ):
        with pytest.raises(ValidationError):
            services.item_minutes_record(
                actor=world.users["ib_a"],
                item=world.item_a,
                parents_presence="present",
                conclusions="c",
                actions=[action],
            )
    assert not ItemMinutes.objects.exists()


def test_concurrent_minutes_edit_is_refused_and_input_kept(world, client_for):
    client = client_for(world.users["ib_a"])
    client.post(_url(world), _post_data(world, action_description="", action_owner="", action_due_on=""))
    stale = _post_data(
        world, version=1, conclusions="Mijn versie", action_description="", action_owner="", action_due_on=""
    )
    services.item_minutes_record(
        actor=world.users["director_a"],
        item=world.item_a,
        parents_presence="present",
        conclusions="Andere versie",
        version=1,
    )
    response = client.post(_url(world), stale)
    assert response.status_code == 200
    assert "Mijn versie" in response.content.decode()
    assert ItemMinutes.objects.get(item=world.item_a).conclusions == "Andere versie"


def test_approved_minutes_are_locked_and_corrections_appended(world, client_for):
    ib = world.users["ib_a"]
    services.item_minutes_record(actor=ib, item=world.item_a, parents_presence="present", conclusions="Origineel")
    services.minutes_approve(actor=ib, meeting=world.meeting_a)
    world.meeting_a.refresh_from_db()
    assert world.meeting_a.status == MeetingStatus.APPROVED
    client = client_for(ib)
    response = client.post(_url(world), _post_data(world, conclusions="Gewijzigd"))
    assert response.status_code == 200
    assert ItemMinutes.objects.get(item=world.item_a).conclusions == "Origineel"
    response = client.post(
        reverse("meetings:correction_add", kwargs={"uuid": world.meeting_a.uuid}),
        {"item": str(world.item_a.uuid), "text": "Moeder was ook aanwezig."},
    )
    assert response.status_code == 302
    assert MinutesCorrection.objects.get().text == "Moeder was ook aanwezig."
    assert ItemMinutes.objects.get(item=world.item_a).conclusions == "Origineel"
    page = client.get(reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})).content.decode()
    assert "Moeder was ook aanwezig." in page and "Origineel" in page


def test_status_workflow_refuses_going_back(world):
    with pytest.raises(ValidationError):
        services.meeting_status_change(actor=world.users["ib_a"], meeting=world.meeting_a_approved, to_status="planned")
    assert world.meeting_a_approved.status_changes.count() == 0


def test_parents_summary_pdf(world, client_for, pdf_text):
    services.item_minutes_record(
        actor=world.users["ib_a"],
        item=world.item_a,
        parents_presence="present",
        conclusions="Extra hulp in de klas werkt.",
        actions=[
            services.ActionInput(
                description="Gesprek plannen",
                due_on=world.meeting_a.date + timedelta(days=7),
                owner=world.users["ib_a"],
            )
        ],
    )
    response = client_for(world.users["ib_a"]).get(_url(world, "parents_summary_pdf"))
    text = pdf_text(response.content)
    assert "Extra hulp in de klas werkt." in text
    assert "Gesprek plannen" in text
    assert world.pupil_a.last_name in text
