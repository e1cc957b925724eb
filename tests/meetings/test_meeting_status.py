"""When a meeting may be marked as held, and how its status and its items' checklists reach the
meeting page (model properties and Django forms, not status strings in the template)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import MEETING_STATUS_BADGES, MeetingStatus
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _page(client, meeting) -> str:
    return client.get(reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid})).content.decode()


@pytest.mark.parametrize(
    ("days_from_today", "status", "may"),
    [
        (0, MeetingStatus.PLANNED, True),  # its day has come
        (-3, MeetingStatus.PLANNED, True),  # held last week, not marked yet
        (1, MeetingStatus.PLANNED, False),  # tomorrow: it cannot have taken place
        (-3, MeetingStatus.HELD, False),
        (-3, MeetingStatus.APPROVED, False),
        (-3, MeetingStatus.CANCELLED, False),
    ],
)
def test_a_meeting_may_be_marked_held_once_planned_and_its_day_has_come(world, days_from_today, status, may):
    today = timezone.localdate()
    meeting = MeetingFactory.build(plan=world.plan_a, date=today + timedelta(days=days_from_today), status=status)
    assert meeting.may_mark_held_on(today) is may


def test_the_service_refuses_to_mark_a_meeting_held_before_its_date(world):
    tomorrow = MeetingFactory(plan=world.plan_a, date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.meeting_status_change(actor=world.users["ib_a"], meeting=tomorrow, to_status=MeetingStatus.HELD)
    tomorrow.refresh_from_db()
    assert tomorrow.status == MeetingStatus.PLANNED and not tomorrow.status_changes.exists()
    today = MeetingFactory(plan=world.plan_a, date=timezone.localdate())
    assert services.meeting_status_change(actor=world.users["ib_a"], meeting=today, to_status=MeetingStatus.HELD)


def test_the_page_offers_mark_as_held_only_from_the_meeting_day(world, client_for):
    client = client_for(world.users["ib_a"])
    held_button = 'name="to_status" value="held"'
    assert held_button not in _page(client, MeetingFactory(plan=world.plan_a))  # next week
    assert held_button in _page(client, MeetingFactory(plan=world.plan_a, date=timezone.localdate()))


def test_every_meeting_status_has_its_badge_on_the_page(world, client_for):
    assert set(MEETING_STATUS_BADGES) == set(MeetingStatus)
    meeting = MeetingFactory(plan=world.plan_a, date=timezone.localdate() - timedelta(days=2), status="cancelled")
    page = _page(client_for(world.users["ib_a"]), meeting)
    assert 'class="badge text-bg-dark" data-testid="meeting-status"' in page


def test_the_preparation_checklist_is_the_items_own_form(world, client_for):
    meeting = MeetingFactory(plan=world.plan_a)
    ready = AgendaItemFactory(meeting=meeting, case=world.case_a, position=1, parents_consulted=True)
    page = _page(client_for(world.users["ib_a"]), meeting)
    checked = f'name="parents_consulted" class="form-check-input" id="prep-{ready.uuid.hex}-parents_consulted" checked'
    assert checked in page
    assert f'id="prep-{ready.uuid.hex}-teacher_invited">' in page  # not checked
    # An onlooker without the planning permission sees no checklist.
    assert "prep-" not in _page(client_for(world.users["teacher_a"]), meeting)
