"""Editing an open agreed action (actie): owner, due date, description, and the edit conflict."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.actions.services import action_update
from cases.models import Action, ActionStatus, CaseEvent, CaseEventKind
from ot_portal.core.formats import date_prose
from ot_portal.core.models import AccessLog
from tests.factories.cases import ActionFactory

pytestmark = pytest.mark.django_db


def url(action):
    return reverse("cases:action_edit", kwargs={"uuid": action.uuid})


def form_data(action, **changes):
    """What the edit form posts: the values typed, the hidden version and the values as opened."""
    seen = {
        "description": action.description,
        "owner": action.owner_id or "",
        "external_owner_name": action.external_owner_name,
        "external_owner_organisation": action.external_owner_organisation,
        "external_owner_email": action.external_owner_email,
        "due_on": action.due_on.isoformat(),
    }
    data = {**seen, "version": action.version, **{f"initial-{k}": v for k, v in seen.items()}}
    data.update(changes)
    return data


def test_case_page_links_to_the_edit_form_which_carries_version_and_seen_values(world, client_for):
    client = client_for(world.users["ib_a"])
    page = client.get(reverse("cases:case_detail", kwargs={"uuid": world.case_a.uuid})).content.decode()
    assert url(world.action_a) in page
    assert "Wijzigen" in page
    form = client.get(url(world.action_a)).content.decode()
    assert 'name="version"' in form
    assert 'name="initial-due_on"' in form
    assert "Actie wijzigen" in form


def test_ib_changes_due_date_and_owner(world, client_for):
    action = world.action_a
    today = timezone.localdate()
    Action.objects.filter(pk=action.pk).update(
        due_on=today - timedelta(days=2), last_reminded_on=today, escalated_on=today
    )
    action.refresh_from_db()
    new_due = today + timedelta(days=30)
    director = world.users["director_a"]
    response = client_for(world.users["ib_a"]).post(
        url(action), form_data(action, due_on=new_due.isoformat(), owner=director.pk)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == new_due
    assert action.owner == director
    assert action.version == 2
    assert action.last_reminded_on is None and action.escalated_on is None
    event = CaseEvent.objects.filter(case=world.case_a, kind=CaseEventKind.ACTION).latest("at", "pk")
    assert date_prose(new_due) in event.text
    assert director.full_name in event.text
    assert world.pupil_a.last_name not in event.text
    assert event.actor == world.users["ib_a"]
    assert AccessLog.objects.filter(
        user=world.users["ib_a"], object_type="action", object_id=str(action.uuid), action="edit"
    ).exists()


def test_external_owner_replaces_the_ot_member(world, client_for):
    action = world.action_a
    response = client_for(world.users["ib_a"]).post(
        url(action),
        form_data(
            action,
            owner="",
            external_owner_name="J. de Vries",
            external_owner_organisation="Jeugdteam",
            external_owner_email="j.devries@example.org",
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner is None
    assert action.owner_display == "J. de Vries (Jeugdteam)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_on": "2020-01-01"}, "De einddatum mag niet in het verleden liggen."),
        ({"due_on": "2026-02-30"}, "Vul een geldige datum in."),
        ({"owner": ""}, "Kies een eigenaar, of noem een externe eigenaar."),
    ],
)
def test_bad_due_date_or_missing_owner_is_refused_in_dutch_and_nothing_changes(world, client_for, changes, message):
    action = world.action_a
    before = (action.description, action.due_on, action.owner_id, action.version)
    response = client_for(world.users["ib_a"]).post(url(action), form_data(action, description="Nieuw", **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    action.refresh_from_db()
    assert (action.description, action.due_on, action.owner_id, action.version) == before


def test_second_concurrent_save_is_refused_shows_the_change_and_keeps_input(world, client_for):
    ib = client_for(world.users["ib_a"])
    director = client_for(world.users["director_a"])
    assert ib.get(url(world.action_a)).status_code == 200
    assert director.get(url(world.action_a)).status_code == 200
    opened = Action.objects.get(pk=world.action_a.pk)
    new_due = timezone.localdate() + timedelta(days=40)

    assert ib.post(url(opened), form_data(opened, due_on=new_due.isoformat())).status_code == 302
    response = director.post(url(opened), form_data(opened, description="Gesprek met ouders plannen"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft deze actie gewijzigd" in page
    assert 'data-testid="conflict-row"' in page
    assert f"{opened.due_on:%d-%m-%Y}" in page and f"{new_due:%d-%m-%Y}" in page
    assert "Gesprek met ouders plannen" in page  # typed text kept
    saved = Action.objects.get(pk=opened.pk)
    assert saved.description == opened.description
    assert saved.due_on == new_due
    assert saved.version == 2

    # After reading, the second user saves again from the refreshed form and it goes through.
    again = director.post(
        url(opened),
        form_data(saved, description="Gesprek met ouders plannen"),
    )
    assert again.status_code == 302
    saved.refresh_from_db()
    assert saved.description == "Gesprek met ouders plannen"
    assert saved.due_on == new_due
    assert saved.version == 3


def test_teacher_without_write_gets_403_and_school_b_ib_404(world, client_for):
    action = world.action_a
    assert client_for(world.users["teacher_a"]).post(url(action), form_data(action, description="x")).status_code == 403
    assert client_for(world.users["ib_b"]).post(url(action), form_data(action, description="x")).status_code == 404
    action.refresh_from_db()
    assert action.description != "x"


def test_done_action_cannot_be_edited(world, client_for):
    action = ActionFactory(case=world.case_a, owner=world.users["ib_a"], status=ActionStatus.DONE)
    client = client_for(world.users["ib_a"])
    response = client.post(url(action), form_data(action, description="Toch nog wijzigen"), follow=True)
    assert "Alleen een openstaande actie kan worden gewijzigd." in response.content.decode()
    action.refresh_from_db()
    assert action.description != "Toch nog wijzigen"
    assert action.version == 1


def test_service_refuses_a_cancelled_action(world):
    from django.core.exceptions import ValidationError

    action = ActionFactory(case=world.case_a, owner=world.users["ib_a"], status=ActionStatus.CANCELLED)
    with pytest.raises(ValidationError):
        action_update(
            actor=world.users["ib_a"],
            action=action,
            base_version=action.version,
            description="Nieuw",
            due_on=action.due_on,
            owner=action.owner,
        )
