"""Consent on the agenda: by name only under consent covering the OT, enforced by the service;
anonymous items leak nothing (HTML, agenda PDF, minutes); externals see only granted cases."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, ParentsPresence
from ot_portal.core.formats import date_prose
from tests.factories.cases import ConsentFactory

pytestmark = pytest.mark.django_db


def test_service_refuses_named_item_without_consent(world):
    with pytest.raises(services.ConsentRequired):
        services.agenda_item_add(
            actor=world.users["ib_a"], meeting=world.meeting_a, case=world.case_a_anon, by_name=True
        )
    assert not AgendaItem.objects.filter(case=world.case_a_anon, by_name=True).exists()


def test_service_refuses_consent_without_ot_discussion(world):
    ConsentFactory(pupil=world.pupil_a_anon, recorded_by=world.users["ib_a"], discuss_in_ot=False)
    with pytest.raises(services.ConsentRequired):
        services.agenda_item_add(
            actor=world.users["ib_a"], meeting=world.meeting_a, case=world.case_a_anon, by_name=True
        )


def test_service_refuses_withdrawn_consent(world):
    world.consent_a.withdrawn_on = timezone.localdate() - timedelta(days=1)
    world.consent_a.save()
    with pytest.raises(services.ConsentRequired):
        services.agenda_item_add(actor=world.users["ib_a"], meeting=world.meeting_a, case=world.case_a, by_name=True)


def test_named_item_under_consent_lands_on_timeline(world):
    item = services.agenda_item_add(
        actor=world.users["ib_a"], meeting=world.meeting_a, case=world.case_a, by_name=True, question="Hoe verder?"
    )
    assert item.position == 3
    assert world.case_a.events.filter(kind="meeting", source_id=str(item.uuid)).exists()


def test_by_name_without_consent_is_explained_on_the_form_and_saves_nothing(world, client_for):
    client = client_for(world.users["ib_a"])
    before = AgendaItem.objects.count()
    response = client.post(
        reverse("meetings:item_add", kwargs={"uuid": world.meeting_a.uuid}),
        {"case": str(world.case_a_anon.uuid), "by_name": "on", "question": "Hoe gaat het met lezen?"},
    )
    assert response.status_code == 200  # the form again, not a 403 page
    html = response.content.decode()
    assert "dekt niet dat deze leerling op naam" in html
    assert "Hoe gaat het met lezen?" in html  # what was typed is kept
    assert "by_name" in response.context["form"].errors
    assert "Geen toegang" not in html
    assert AgendaItem.objects.count() == before
    assert not world.case_a_anon.events.exists()


def test_post_anonymous_item_is_saved(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(
        reverse("meetings:item_add", kwargs={"uuid": world.meeting_a.uuid}),
        {"case": str(world.case_a_anon.uuid), "question": "Verzuim"},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(case=world.case_a_anon, by_name=False).count() == 2


def test_case_of_other_school_cannot_be_placed(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(
        reverse("meetings:item_add", kwargs={"uuid": world.meeting_a.uuid}),
        {"case": str(world.case_b.uuid), "question": "x"},
    )
    assert response.status_code == 200
    assert "case" in response.context["form"].errors
    assert not AgendaItem.objects.filter(meeting=world.meeting_a, case=world.case_b).exists()


def _secrets(world):
    pupil = world.pupil_a_anon
    group = world.group_a_anon.name
    return [
        pupil.first_name,
        pupil.last_name,
        f"{pupil.first_name[0]}.{pupil.last_name[0]}.",
        pupil.date_of_birth.strftime("%d-%m-%Y"),
        pupil.date_of_birth.strftime("%-d %B %Y"),
        date_prose(pupil.date_of_birth),
        str(world.case_a_anon.uuid),
        str(pupil.uuid),
        f"Groep {group}",
        f"groep {group}",
    ]


def _minutes_on_anonymous(world):
    services.item_minutes_record(
        actor=world.users["ib_a"],
        item=world.item_a_anon,
        parents_presence=ParentsPresence.ABSENT,
        conclusions="Zorgen blijven.",
        actions=[
            services.ActionInput(
                description="Verzuim nabellen",
                due_on=world.meeting_a.date + timedelta(days=7),
                owner=world.users["ib_a"],
            )
        ],
    )
    services.participant_add(
        actor=world.users["ib_a"],
        meeting=world.meeting_a,
        kind="parent",
        name="Moeder Onbekendnaam",
        item=world.item_a_anon,
    )


def test_anonymous_item_leaks_nothing_in_html(world, client_for):
    _minutes_on_anonymous(world)
    for persona in ("ib_a", "director_a", "youth_nurse_a", "orthopedagogue_a"):
        html = (
            client_for(world.users[persona])
            .get(reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid}))
            .content.decode()
        )
        assert "Anonieme casus" in html or "Anonymous case" in html
        assert "Verzuim nabellen" in html
        for secret in _secrets(world):
            assert secret not in html, (persona, secret)
        assert "Onbekendnaam" not in html  # nor through the guest's name


def test_anonymous_item_leaks_nothing_in_agenda_pdf(world, client_for, pdf_text):
    _minutes_on_anonymous(world)
    response = client_for(world.users["ib_a"]).get(
        reverse("meetings:agenda_pdf", kwargs={"uuid": world.meeting_a.uuid})
    )
    text = pdf_text(response.content)
    assert "Verzuim nabellen" in text
    assert world.pupil_a.last_name in text  # the named item under consent is there
    for secret in _secrets(world):
        assert secret not in text, secret
    assert "Onbekendnaam" not in text


def test_anonymous_item_leaks_nothing_in_minutes_page_and_parents_pdf(world, client_for, pdf_text):
    _minutes_on_anonymous(world)
    client = client_for(world.users["ib_a"])
    html = client.get(reverse("meetings:item_minutes", kwargs={"uuid": world.item_a_anon.uuid})).content.decode()
    text = pdf_text(
        client.get(reverse("meetings:parents_summary_pdf", kwargs={"uuid": world.item_a_anon.uuid})).content
    )
    for secret in _secrets(world):
        assert secret not in html, secret
        assert secret not in text, secret


def test_withdrawn_consent_turns_named_item_anonymous(world, client_for):
    world.consent_a.withdrawn_on = timezone.localdate()
    world.consent_a.save()
    html = (
        client_for(world.users["ib_a"])
        .get(reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid}))
        .content.decode()
    )
    assert world.pupil_a.last_name not in html


def test_externals_see_only_items_of_granted_cases(world, client_for):
    url = reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})
    granted = client_for(world.users["orthopedagogue_a"]).get(url).content.decode()
    not_granted = client_for(world.users["youth_nurse_a"]).get(url).content.decode()
    assert world.pupil_a.last_name in granted
    assert world.pupil_a.last_name not in not_granted
    assert "Hoe verder?" in granted
    # The anonymous item is there for both, without a name.
    assert not_granted.count('data-testid="agenda-item"') == 1
    assert granted.count('data-testid="agenda-item"') == 2


def test_other_teacher_does_not_see_named_item(world, client_for):
    url = reverse("meetings:meeting_detail", kwargs={"uuid": world.meeting_a.uuid})
    html = client_for(world.users["teacher_a_other"]).get(url).content.decode()
    assert world.pupil_a.last_name not in html


def test_agenda_pdf_of_external_without_grant_has_no_named_item(world, client_for, pdf_text):
    response = client_for(world.users["youth_nurse_a"]).get(
        reverse("meetings:agenda_pdf", kwargs={"uuid": world.meeting_a.uuid})
    )
    text = pdf_text(response.content)
    assert world.pupil_a.last_name not in text
    assert "Anonieme casus (punt 2)" in text  # the anonymous item is there, the named one is not
