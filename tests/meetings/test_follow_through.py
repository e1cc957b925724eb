"""Follow-through: reminder mails (also to external owners without an account), once a day,
escalation to the regie holder and the IB, open actions on the owner's list and the next agenda."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.actions.reminders import send_action_reminders
from cases.actions.tasks import send_action_reminders_task
from cases.models import Action
from meetings import services
from tests.factories.cases import ActionFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def _external_action(world, due_on):
    return ActionFactory(
        case=world.case_a,
        owner=None,
        external_owner_name="Karin Post",
        external_owner_organisation="Kenter Jeugdhulp",
        external_owner_email="karin@kenter.example",
        due_on=due_on,
        created_by=world.users["ib_a"],
    )


def test_reminders_to_member_and_external_owner_in_dutch(world, today, django_capture_on_commit_callbacks):
    member = ActionFactory(case=world.case_a, owner=world.users["social_team_a"], due_on=today + timedelta(days=2))
    external = _external_action(world, today - timedelta(days=3))
    ActionFactory(case=world.case_a, owner=world.users["ib_a"], due_on=today + timedelta(days=30))  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        result = send_action_reminders(today=today)
    assert result.reminded == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"social_team_a@example.nl", "karin@kenter.example"}
    assert "binnenkort" in by_recipient["social_team_a@example.nl"].subject
    external_mail = by_recipient["karin@kenter.example"]
    assert "te laat" in external_mail.subject
    assert "Beste Karin Post (Kenter Jeugdhulp)" in external_mail.body
    assert "3 dagen te laat" in external_mail.body
    assert external.description in external_mail.body
    # Mails never name the pupil.
    for m in mail.outbox:
        assert world.pupil_a.last_name not in m.body + m.subject
    member.refresh_from_db()
    assert member.last_reminded_on == today


def test_reminders_not_sent_twice_on_the_same_day(world, today, django_capture_on_commit_callbacks):
    _external_action(world, today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", stdout=open("/dev/null", "w"))
        call_command("send_action_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_action_reminders(today=today + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_task_wrapper_sends_reminders(world, today, django_capture_on_commit_callbacks):
    _external_action(world, today)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_action_reminders_task.enqueue()
    assert result.return_value == {"reminded": 1, "escalated": 0}
    assert mail.outbox[0].to == ["karin@kenter.example"]


def test_long_overdue_action_escalates_to_regie_holder_and_ib(world, today, django_capture_on_commit_callbacks):
    world.case_a.lead = world.users["director_a"]
    world.case_a.save()
    days = world.partnership.settings.action_escalation_days if hasattr(world.partnership, "settings") else 14
    action = _external_action(world, today - timedelta(days=days + 1))
    recent = _external_action(world, today - timedelta(days=days))  # not past the threshold yet
    with django_capture_on_commit_callbacks(execute=True):
        result = send_action_reminders(today=today)
    assert result.escalated == 1
    escalation = [m for m in mail.outbox if m.subject.startswith("Opschaling")]
    assert len(escalation) == 1
    assert sorted(escalation[0].to) == ["director_a@example.nl", "ib_a@example.nl"]  # ended IB not included
    assert "Karin Post" in escalation[0].body
    action.refresh_from_db()
    recent.refresh_from_db()
    assert action.escalated_on == today and recent.escalated_on is None
    assert sum("geëscaleerd naar de regiehouder" in e.text for e in action.case.events.all()) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = send_action_reminders(today=today + timedelta(days=1))
    assert result.escalated == 1  # only the second one, the first is escalated once
    recent.refresh_from_db()
    assert recent.escalated_on == today + timedelta(days=1)


def test_owner_sees_open_and_overdue_actions_in_red(world, client_for, today):
    ActionFactory(
        case=world.case_a, owner=world.users["social_team_a"], due_on=today - timedelta(days=2), description="Te laat"
    )
    ActionFactory(
        case=world.case_a, owner=world.users["social_team_a"], due_on=today + timedelta(days=5), description="Op tijd"
    )
    client = client_for(world.users["social_team_a"])
    html = client.get(reverse("meetings:my_actions")).content.decode()
    assert "Te laat" in html and "Op tijd" in html
    assert html.count("table-danger") == 1
    home = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="overdue-actions"' in home


def test_owner_without_case_access_sees_action_without_pupil(world, client_for, today):
    ActionFactory(case=world.case_a, owner=world.users["youth_nurse_a"], due_on=today, description="Huisbezoek")
    html = client_for(world.users["youth_nurse_a"]).get(reverse("meetings:my_actions")).content.decode()
    assert "Huisbezoek" in html
    assert world.pupil_a.last_name not in html


def test_ib_and_regie_holder_see_others_overdue_actions(world, client_for, today):
    world.case_a.lead = world.users["director_a"]
    world.case_a.save()
    ActionFactory(
        case=world.case_a, owner=world.users["social_team_a"], due_on=today - timedelta(days=1), description="Vergeten"
    )
    for persona in ("ib_a", "director_a"):
        html = client_for(world.users[persona]).get(reverse("meetings:my_actions")).content.decode()
        assert "Vergeten" in html, persona
    html = client_for(world.users["ib_b"]).get(reverse("meetings:my_actions")).content.decode()
    assert "Vergeten" not in html


def test_next_agenda_lists_open_actions_of_earlier_meetings(world, client_for, today):
    earlier = MeetingFactory(plan=world.plan_a, date=today - timedelta(days=20))
    earlier_item = AgendaItemFactory(meeting=earlier, case=world.case_a, by_name=True)
    services.item_minutes_record(
        actor=world.users["ib_a"],
        item=earlier_item,
        parents_presence="present",
        conclusions="c",
        actions=[
            services.ActionInput(description="Nog open", due_on=today + timedelta(days=3), owner=world.users["ib_a"]),
            services.ActionInput(description="Al klaar", due_on=today + timedelta(days=3), owner=world.users["ib_a"]),
        ],
    )
    Action.objects.filter(description="Al klaar").update(status="done", done_on=today)
    html = (
        client_for(world.users["ib_a"])
        .get(reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid}))
        .content.decode()
    )
    assert "Nog open" in html
    assert "Al klaar" not in html


def test_my_actions_queries_do_not_grow_with_rows(world, client_for, today, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["ib_a"])
    url = reverse("meetings:my_actions")

    def add(n):
        for i in range(n):
            ActionFactory(case=world.case_a, owner=world.users["ib_a"], due_on=today - timedelta(days=i % 3))
            ActionFactory(case=world.case_a, owner=world.users["social_team_a"], due_on=today - timedelta(days=2))

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="action-row"') >= 54
