"""Taking a case off the agenda (casus van de agenda halen): the IB or director, while the meeting
is open and the item has no minutes; guests go with it, the other items move up, and the case's
timeline keeps a note that names no pupil."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import CaseEvent
from meetings import services
from meetings.models import AgendaItem, ItemMinutes, MeetingStatus, Participant
from ot_portal.core.formats import date_prose
from tests.factories.cases import CaseFactory, ConsentFactory, EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db


def _remove_url(item) -> str:
    return reverse("meetings:item_remove", kwargs={"uuid": item.uuid})


def _meeting_url(world) -> str:
    return reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})


@pytest.fixture
def wrong_item(world):
    """The wrong pupil, put on the agenda by name (with consent) and with a guest for the item."""
    ib = world.users["ib_a"]
    pupil = PupilFactory(school=world.school_a, first_name="Fenna", last_name="Verkeerdnaam")
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a_anon)
    ConsentFactory(pupil=pupil, recorded_by=ib)
    case = CaseFactory(pupil=pupil)
    item = services.agenda_item_add(actor=ib, meeting=world.meeting_a, case=case, by_name=True, question="Lezen")
    services.participant_add(actor=ib, meeting=world.meeting_a, kind="parent", name="Ouder Gastnaam", item=item)
    return item


def test_ib_removes_a_named_item(world, client_for, wrong_item, pdf_text):
    client = client_for(world.users["ib_a"])
    pdf_url = reverse("meetings:agenda_pdf", kwargs={"uuid": world.meeting_a.uuid})
    assert "Verkeerdnaam" in client.get(_meeting_url(world)).content.decode()
    assert "Verkeerdnaam" in pdf_text(client.get(pdf_url).content)

    response = client.post(_remove_url(wrong_item), {"reason": "Verkeerde leerling gekozen"}, follow=True)

    assert response.redirect_chain == [(_meeting_url(world), 302)]
    html = response.content.decode()
    assert "De casus is van de agenda gehaald." in html
    assert "Verkeerdnaam" not in html
    assert "Gastnaam" not in html
    assert "Verkeerdnaam" not in pdf_text(client.get(pdf_url).content)
    assert not AgendaItem.objects.filter(pk=wrong_item.pk).exists()
    assert not Participant.objects.filter(name="Ouder Gastnaam").exists()
    event = CaseEvent.objects.filter(case=wrong_item.case, source_id=str(wrong_item.uuid)).latest("at")
    date = date_prose(world.meeting_a.date)
    assert event.kind == "meeting"
    assert event.text == f"Van de agenda gehaald van het OT-overleg van {date}. Reden: Verkeerde leerling gekozen"
    assert event.actor == world.users["ib_a"]
    assert "Fenna" not in str(event.params) and "Verkeerdnaam" not in str(event.params)


def test_a_reason_with_a_nul_byte_is_refused_in_dutch_not_a_500(world, client_for, wrong_item):
    """Found by the property test on PostgreSQL: the raw reason reached the timeline."""
    response = client_for(world.users["ib_a"]).post(_remove_url(wrong_item), {"reason": "Fout\x00"}, follow=True)
    assert response.redirect_chain == [(_meeting_url(world), 302)]
    assert "onzichtbare stuurtekens" in response.content.decode()
    assert AgendaItem.objects.filter(pk=wrong_item.pk).exists()


def test_remaining_items_are_renumbered(world, wrong_item):
    services.agenda_item_remove(actor=world.users["director_a"], item=world.item_a)
    positions = list(world.meeting_a.items.values_list("pk", "position"))
    assert positions == [(world.item_a_anon.pk, 1), (wrong_item.pk, 2)]


def test_removing_an_anonymous_item_reveals_nothing_more(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        _remove_url(world.item_a_anon), {"reason": "Zoë Onbekendnaam uit groep 6b"}
    )
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=world.item_a_anon.pk).exists()
    event = CaseEvent.objects.get(case=world.case_a_anon, source_id=str(world.item_a_anon.uuid))
    assert event.text == f"Van de agenda gehaald van het OT-overleg van {date_prose(world.meeting_a.date)} (anoniem)"
    assert "Onbekendnaam" not in str(event.params)


def _minutes(world, item):
    return ItemMinutes.objects.create(
        item=item, parents_presence="present", conclusions="Vervolg afgesproken.", written_by=world.users["ib_a"]
    )


def test_refused_when_the_item_has_minutes(world, client_for):
    _minutes(world, world.item_a)
    events_before = CaseEvent.objects.count()
    response = client_for(world.users["ib_a"]).post(_remove_url(world.item_a), follow=True)
    assert response.status_code == 200
    assert "het kan niet meer van de agenda worden gehaald" in response.content.decode()
    assert AgendaItem.objects.filter(pk=world.item_a.pk).exists()
    assert world.item_a.minutes.conclusions == "Vervolg afgesproken."
    assert CaseEvent.objects.count() == events_before


def test_refused_when_the_meeting_is_locked(world, client_for):
    world.meeting_a.status = MeetingStatus.CANCELLED
    world.meeting_a.save()
    events_before = CaseEvent.objects.count()
    response = client_for(world.users["ib_a"]).post(_remove_url(world.item_a), follow=True)
    assert "vastgesteld of het overleg is geannuleerd" in response.content.decode()
    assert AgendaItem.objects.filter(pk=world.item_a.pk).exists()
    assert CaseEvent.objects.count() == events_before
    with pytest.raises(ValidationError):
        services.agenda_item_remove(actor=world.users["ib_a"], item=world.item_a_anon)
    assert world.meeting_a.items.count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("teacher_a", 403), ("orthopedagogue_a", 403), ("social_team_a", 403), ("ib_b", 404), ("director_b", 404)],
)
def test_crafted_post_by_others_removes_nothing(world, client_for, persona, status):
    response = client_for(world.users[persona]).post(_remove_url(world.item_a))
    assert response.status_code == status
    assert AgendaItem.objects.filter(pk=world.item_a.pk).exists()


def test_confirm_form_only_for_planners_on_items_without_minutes(world, client_for):
    _minutes(world, world.item_a)
    html = client_for(world.users["ib_a"]).get(_meeting_url(world)).content.decode()
    assert html.count("Van de agenda halen") == 1
    assert _remove_url(world.item_a_anon) in html
    assert _remove_url(world.item_a) not in html
    assert "Van de agenda halen" not in client_for(world.users["teacher_a"]).get(_meeting_url(world)).content.decode()


def test_no_confirm_form_once_the_meeting_is_locked(world, client_for):
    html = client_for(world.users["ib_a"]).get(
        reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a_approved.uuid})
    )
    assert html.status_code == 200
    assert "Van de agenda halen" not in html.content.decode()
