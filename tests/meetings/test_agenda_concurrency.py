"""Removing and preparing the same agenda item at once (issue 11: 2 of 6 tries were a 500).

Two real requests on two PostgreSQL connections: the removal takes the meeting's row lock and
holds it until the preparation has started; the preparation waits for that lock and then finds the
item gone. One wins, the other gets a Dutch message, no 500 and nothing half-saved."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")

CONFLICT = "Iemand anders heeft deze casus intussen van de agenda gehaald"


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _run_both(first, second, *, hold_in_first):
    """Run `first` until it holds its locks (inside `hold_in_first`), then start `second`; both finish."""
    holding, second_started = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    real = getattr(services, hold_in_first)

    def hold(*args, **kwargs):
        if threading.current_thread().name == "first":
            holding.set()
            second_started.wait(timeout=10)
            threading.Event().wait(0.5)  # the second request is now waiting for the lock
        return real(*args, **kwargs)

    def run(name, call):
        try:
            results[name] = call()
        except Exception as exc:  # recorded, so the assertion below names it
            results[name] = exc
        finally:
            connections.close_all()

    with mock.patch.object(services, hold_in_first, side_effect=hold):
        a = threading.Thread(target=run, args=("first", first), name="first")
        a.start()
        assert holding.wait(timeout=20)
        b = threading.Thread(target=run, args=("second", second), name="second")
        b.start()
        second_started.set()
        a.join(timeout=30)
        b.join(timeout=30)
    return results["first"], results["second"]


@pytest.mark.django_db(transaction=True)
def test_remove_and_prepare_at_once_one_wins_the_other_is_told(world):
    item = world.item_a
    meeting_url = reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})
    remover, preparer = _client(world.users["director_a"]), _client(world.users["ib_a"])

    removed, prepared = _run_both(
        lambda: remover.post(reverse("meetings:item_remove", kwargs={"uuid": item.uuid}), follow=True),
        lambda: preparer.post(
            reverse("meetings:item_prepare", kwargs={"uuid": item.uuid}), {"parents_consulted": "on"}, follow=True
        ),
        hold_in_first="case_event_add",  # called after the delete, before the commit
    )
    assert removed.status_code == 200 and "De casus is van de agenda gehaald" in removed.text
    assert prepared.status_code == 200, prepared
    assert prepared.redirect_chain[-1][0] == meeting_url
    assert CONFLICT in prepared.text
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_removals_at_once_remove_once(world):
    item = world.item_a
    url = reverse("meetings:item_remove", kwargs={"uuid": item.uuid})
    one, two = _client(world.users["director_a"]), _client(world.users["ib_a"])
    first, second = _run_both(
        lambda: one.post(url, follow=True), lambda: two.post(url, follow=True), hold_in_first="case_event_add"
    )
    assert first.status_code == 200 and second.status_code == 200, (first, second)
    assert CONFLICT in second.text
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    positions = list(AgendaItem.objects.filter(meeting=world.meeting_a).values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


@pytest.mark.django_db(transaction=True)
def test_two_additions_at_once_get_distinct_positions(world):
    from tests.factories.cases import CaseFactory, PupilFactory

    ib, director = world.users["ib_a"], world.users["director_a"]
    cases = [CaseFactory(pupil=PupilFactory(school=world.school_a)) for _ in range(2)]
    first, second = _run_both(
        lambda: services.agenda_item_add(actor=ib, meeting=world.meeting_a, case=cases[0], by_name=False),
        lambda: services.agenda_item_add(actor=director, meeting=world.meeting_a, case=cases[1], by_name=False),
        hold_in_first="case_event_add",
    )
    assert isinstance(first, AgendaItem) and isinstance(second, AgendaItem), (first, second)
    positions = list(AgendaItem.objects.filter(meeting=world.meeting_a).values_list("position", flat=True))
    assert len(positions) == len(set(positions))
