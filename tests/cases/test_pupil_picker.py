"""The intake's pupil picker: a type-ahead search by name, number or group, accent-insensitive,
scoped to the pupils the user may register, a constant number of queries at a school's size, and a
page of its own without JavaScript. Also: an empty intake submit shows every error at once."""

import importlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Enrolment, Pupil
from cases.pupils.models import normalise_search
from tests.factories.cases import EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db

URL = "/casussen/aanmeldingen/leerling-zoeken/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def zoe(world):
    pupil = PupilFactory(school=world.school_a, first_name="Zoë", last_name="Çelik", pupil_number="77123")
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a_other)
    return pupil


def matches(response) -> list[str]:
    return re.findall(r'name="pupil" value="([0-9a-f-]{36})"', response.content.decode())


def test_normalise_drops_accents_and_case():
    assert normalise_search("Zoë ÇELIK-Öztürk") == "zoe celik-ozturk"


def test_search_column_follows_every_save(world, zoe):
    assert zoe.search_text == "zoe celik 77123"
    zoe.last_name = "Ağaoğlu"
    zoe.save(update_fields=["last_name"])
    assert Pupil.objects.get(pk=zoe.pk).search_text == "zoe agaoglu 77123"


def test_the_migration_fills_the_column_for_existing_pupils(world, zoe):
    Pupil.objects.filter(pk=zoe.pk).update(search_text="")
    migration = importlib.import_module("cases.migrations.0015_pupil_search_text")
    migration.fill_search_text(apps, None)
    assert Pupil.objects.get(pk=zoe.pk).search_text == "zoe celik 77123"


@pytest.mark.parametrize("query", ["zoe celik", "ZOË", "celik", "7712", "7b", "groep 7b"])
def test_found_by_name_without_accents_number_or_group(world, client_for, zoe, query):
    response = client_for(world.users["ib_a"]).get(URL, {"q": query}, **HTMX)
    assert response.status_code == 200
    assert str(zoe.uuid) in matches(response)
    assert "<html" not in response.content.decode()  # the fragment, not a page


def test_only_pupils_the_user_may_register(world, client_for, zoe):
    other_school = PupilFactory(school=world.school_b, first_name="Zoë", last_name="Çelik")
    left = PupilFactory(school=world.school_a, first_name="Zoë", last_name="Çelik", left_on=timezone.localdate())
    found = matches(client_for(world.users["ib_a"]).get(URL, {"q": "celik"}, **HTMX))
    assert found == [str(zoe.uuid)]
    assert str(other_school.uuid) not in found and str(left.uuid) not in found
    # A teacher finds the pupils of the group they teach only (Zoë is in group 7b, not 5a).
    assert matches(client_for(world.users["teacher_a"]).get(URL, {"q": "celik"}, **HTMX)) == []
    assert matches(client_for(world.users["teacher_a_other"]).get(URL, {"q": "celik"}, **HTMX)) == [str(zoe.uuid)]
    # Roles that cannot draft an intake cannot search pupils here.
    assert client_for(world.users["director_a"]).get(URL, {"q": "celik"}).status_code == 403


def test_a_pupil_of_another_school_cannot_be_posted(world, client_for):
    other = PupilFactory(school=world.school_b)
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:intake_new"), {"pupil": str(other.uuid), "reason": "x", "draft": "1"}
    )
    assert response.status_code == 200
    assert "pupil_error" in response.content.decode()
    assert not other.intakes.exists()


def test_no_query_lists_nobody_and_many_matches_ask_for_more(world, client_for, zoe):
    client = client_for(world.users["ib_a"])
    assert matches(client.get(URL, {"q": ""}, **HTMX)) == []
    for i in range(15):
        PupilFactory(school=world.school_a, pupil_number=f"9{i:04d}", first_name="Anna", last_name=f"Jansen{i}")
    response = client.get(URL, {"q": "anna"}, **HTMX)
    assert len(matches(response)) == 10
    assert "typ meer" in response.content.decode().lower() or "type more" in response.content.decode().lower()


def test_the_chosen_pupil_stays_while_searching_again(world, client_for, zoe):
    response = client_for(world.users["ib_a"]).get(URL, {"q": "geheimnaam", "pupil": str(zoe.uuid)}, **HTMX)
    found = matches(response)
    assert found[0] == str(zoe.uuid) and str(world.pupil_a.uuid) in found
    assert re.search(rf'value="{zoe.uuid}"[^>]*checked', response.content.decode())


def _school_of(world, n: int, *, start: int = 0):
    born = date(2016, 1, 1)
    pupils = [
        Pupil(
            school=world.school_a, pupil_number=f"B{i:05d}", first_name="Bram", last_name=f"Bulk{i}", date_of_birth=born
        )
        for i in range(start, start + n)
    ]
    for pupil in pupils:
        pupil.search_text = pupil.search_text_of()
    created = Pupil.objects.bulk_create(pupils)
    Enrolment.objects.bulk_create(
        [Enrolment(pupil=p, school_year=world.school_year, group=world.group_a) for p in created]
    )


def test_query_count_does_not_grow_with_the_school(world, client_for):
    client = client_for(world.users["ib_a"])
    _school_of(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert len(matches(client.get(URL, {"q": "bram"}, **HTMX))) == 10
    _school_of(world, 990, start=10)
    with CaptureQueriesContext(connection) as large:
        assert len(matches(client.get(URL, {"q": "bram bulk"}, **HTMX))) == 10
    assert len(large) == len(small) <= 12


def test_without_javascript_the_search_is_a_page_whose_results_open_the_intake(world, client_for, zoe):
    client = client_for(world.users["ib_a"])
    page = client.get(URL, {"q": "zoe"})
    body = page.content.decode()
    assert page.status_code == 200 and "<html" in body
    link = f"/casussen/aanmeldingen/nieuw/?pupil={zoe.uuid}"
    assert link in body
    intake = client.get(link).content.decode()
    assert re.search(rf'value="{zoe.uuid}"[^>]*checked', intake)
    # The intake page's search form works without JavaScript: a plain GET to this page.
    assert f'action="{URL}"' in client.get(reverse("cases:intake_new")).content.decode()


def test_empty_intake_submit_shows_every_error_at_once(world, client_for):
    body = client_for(world.users["ib_a"]).post(reverse("cases:intake_new"), {"submit": "1"}).content.decode()
    summary = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", body, re.S).group(1)
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert "pupil-q" in targets
    assert {"id_reason", "id_help_question"} <= set(targets)
    assert any(t.startswith("id_concern_areas") for t in targets)
    for target in targets:
        assert f'id="{target}"' in body
    assert 'aria-describedby="pupil-q-help pupil_error"' in body
    # The required markers stay on the page with errors.
    assert "Reden van aanmelding *" in body and "Hulpvraag aan het OT *" in body
