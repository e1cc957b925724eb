"""Pupils: manual create/edit, marked as left, CSV import with preview and re-import."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Enrolment, Guardian, Pupil

pytestmark = pytest.mark.django_db

HEADER = "leerlingnummer;voornaam;tussenvoegsel;achternaam;geboortedatum;groep;ouder1_naam;ouder1_email;ouder1_gezag\n"


def upload(client, text: str, name="export.csv"):
    return client.post(
        reverse("cases:pupil_import"), {"file": SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")}
    )


def confirm(client):
    return client.post(reverse("cases:pupil_import"), {"confirm": "1"})


def test_import_with_bad_rows_saves_nothing_and_lists_errors_per_row(world, client_for):
    client = client_for(world.users["ib_a"])
    before = Pupil.objects.count()
    text = HEADER + (
        "9001;Anna;;Smit;12-03-2017;5a;Els Smit;els@example.nl;ja\n"
        "9002;Bob;;;31-02-2017;5a;;;\n"
        f"9003;Cees;;Kok;01-01-{timezone.localdate().year + 1};9z;Piet;geen-mail;misschien\n"
        "9001;Dubbel;;Smit;12-03-2017;5a;;;\n"
    )
    body = upload(client, text).content.decode()
    assert "Achternaam ontbreekt" in body
    assert "is geen datum" in body
    assert "toekomst" in body
    assert "geen groep 1 tot en met 8" in body
    assert "E-mailadres van ouder 1 is niet geldig" in body
    assert "ook op regel 2" in body
    assert 'name="confirm"' not in body
    assert confirm(client).status_code == 302  # preview expired: nothing to import
    assert Pupil.objects.count() == before


def test_import_then_reimport_updates_by_number_without_duplicates(world, client_for):
    client = client_for(world.users["ib_a"])
    text = HEADER + "9001;Anna;;Smit;12-03-2017;5a;Els Smit;els@example.nl;ja\n9002;Bob;van;Dam;2016-07-01;6;;;\n"
    body = upload(client, text).content.decode()
    assert "2 nieuwe leerlingen" in body
    assert confirm(client).status_code == 302
    anna = Pupil.objects.get(school=world.school_a, pupil_number="9001")
    assert anna.guardians.get().has_authority
    assert Enrolment.objects.get(pupil=anna).group.name == "5a"

    # New school year export: Anna moved on to group 6, her name was corrected.
    text = HEADER + "9001;Anna;;Smit-Jansen;12-03-2017;6;Els Smit;els@example.nl;ja\n"
    body = upload(client, text).content.decode()
    assert "1 bijgewerkt" in body
    confirm(client)
    assert Pupil.objects.filter(school=world.school_a, pupil_number="9001").count() == 1
    anna.refresh_from_db()
    assert anna.last_name == "Smit-Jansen"
    assert Enrolment.objects.get(pupil=anna).group.name == "6"
    assert Guardian.objects.filter(pupil=anna).count() == 1


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02binary", b"", b"naam,leeftijd\nAnna,9\n", HEADER.encode()],
)
def test_malformed_csv_gives_a_dutch_message(world, client_for, content):
    client = client_for(world.users["ib_a"])
    response = client.post(reverse("cases:pupil_import"), {"file": SimpleUploadedFile("x.csv", content)})
    assert response.status_code == 200
    body = response.content.decode()
    assert any(s in body for s in ("leeg", "Ontbrekende kolommen", "niet leesbaar", "geen leerlingen"))


NO_GUARDIANS = {
    "guardians-TOTAL_FORMS": "0",
    "guardians-INITIAL_FORMS": "0",
    "guardians-MIN_NUM_FORMS": "0",
    "guardians-MAX_NUM_FORMS": "4",
}


def test_create_pupil_with_future_birth_date_is_refused(world, client_for):
    client = client_for(world.users["ib_a"])
    response = client.post(
        reverse("cases:pupil_create"),
        {
            "pupil_number": "7777",
            "first_name": "Toekomst",
            "last_name": "Kind",
            "date_of_birth": (timezone.localdate() + timedelta(days=3)).isoformat(),
            **NO_GUARDIANS,
        },
    )
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()
    assert not Pupil.objects.filter(pupil_number="7777").exists()
    response = client.post(
        reverse("cases:pupil_create"),
        {
            "pupil_number": "7777",
            "first_name": "Nu",
            "last_name": "Kind",
            "date_of_birth": "2017-04-04",
            "group": world.group_a.pk,
            **NO_GUARDIANS,
        },
    )
    assert response.status_code == 302


def test_pupil_search_by_name_and_number_and_left_pupils_hidden(world, client_for):
    client = client_for(world.users["ib_a"])
    assert "Geheimnaam" in client.get(reverse("cases:pupil_list") + "?q=geheim").content.decode()
    number = world.pupil_a.pupil_number
    assert "Geheimnaam" in client.get(reverse("cases:pupil_list") + f"?q={number}").content.decode()
    response = client.post(
        reverse("cases:pupil_left", kwargs={"uuid": world.pupil_a.uuid}), {"left_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    assert Pupil.objects.filter(pk=world.pupil_a.pk, left_on=timezone.localdate()).exists()
    assert "Geheimnaam" not in client.get(reverse("cases:pupil_list")).content.decode()
    assert "Geheimnaam" in client.get(reverse("cases:pupil_list") + "?left=1").content.decode()


def test_teacher_sees_only_pupils_of_own_group(world, client_for):
    assert "Geheimnaam" in client_for(world.users["teacher_a"]).get(reverse("cases:pupil_list")).content.decode()
    assert (
        "Geheimnaam" not in client_for(world.users["teacher_a_other"]).get(reverse("cases:pupil_list")).content.decode()
    )


def test_create_pupil_with_guardians_in_one_go(world, client_for):
    response = client_for(world.users["ib_a"]).post(
        reverse("cases:pupil_create"),
        {
            "pupil_number": "8888",
            "first_name": "Mees",
            "last_name": "Kok",
            "date_of_birth": "2018-02-02",
            "group": world.group_a.pk,
            "guardians-TOTAL_FORMS": "2",
            "guardians-INITIAL_FORMS": "0",
            "guardians-MIN_NUM_FORMS": "0",
            "guardians-MAX_NUM_FORMS": "4",
            "guardians-0-name": "Ilse Kok",
            "guardians-0-relation": "moeder",
            "guardians-0-email": "ilse@example.nl",
            "guardians-0-has_authority": "on",
            "guardians-1-name": "",
        },
    )
    assert response.status_code == 302
    pupil = Pupil.objects.get(pupil_number="8888")
    assert list(pupil.guardians.values_list("name", "has_authority")) == [("Ilse Kok", True)]
