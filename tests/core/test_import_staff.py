"""manage.py import_staff: schools and staff from CSV, per-row Dutch errors, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from ot_portal.core.models import School, SchoolMembership, User
from tests.factories.core import PartnershipFactory

HEADER = "brin;vestiging;school;bestuur;wijk;gemeente;email;naam;rol;groepen;organisatie;geldig_vanaf;geldig_tot\n"
GOOD = (
    HEADER
    + "11AA;0;De Linde;Stichting Een;Noord;Zevenaar;ib@linde.nl;Ines Bos;ib;;;2026-08-01;\n"
    + "11AA;0;De Linde;Stichting Een;Noord;Zevenaar;juf@linde.nl;Joke Dam;leerkracht;3a|4b;;;\n"
    + "22BB;1;De Eik;Stichting Twee;Zuid;Duiven;nurse@ggd.nl;Nina Groen;jeugdverpleegkundige;;GGD;;\n"
)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(code="PO 01-01")


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_imports_schools_users_roles_and_groups(partnership, tmp_path):
    call_command("import_staff", str(write(tmp_path, GOOD)))
    assert set(School.objects.values_list("name", flat=True)) == {"De Linde", "De Eik"}
    teacher = SchoolMembership.objects.get(user__email="juf@linde.nl")
    assert sorted(teacher.groups.values_list("name", flat=True)) == ["3a", "4b"]
    assert not User.objects.get(email="ib@linde.nl").has_usable_password()


def test_reimport_updates_and_never_duplicates(partnership, tmp_path):
    call_command("import_staff", str(write(tmp_path, GOOD)))
    call_command("import_staff", str(write(tmp_path, GOOD.replace("Ines Bos", "Ines Bos-Kok"))))
    assert School.objects.count() == 2
    assert User.objects.filter(email="ib@linde.nl").get().full_name == "Ines Bos-Kok"
    assert SchoolMembership.objects.count() == 3


def test_bad_rows_are_reported_in_dutch_and_nothing_is_imported(partnership, tmp_path, capsys):
    bad = GOOD + "9X;0;Fout;Stichting Een;Noord;Zevenaar;geen-mail;Piet;koning;;;31-02-2026;\n"
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_staff", str(write(tmp_path, bad)))
    err = capsys.readouterr().err
    assert "Regel 5" in err
    assert "BRIN-code “9X” is niet geldig" in err
    assert "“geen-mail” is geen geldig e-mailadres" in err
    assert "onbekende rol “koning”" in err
    assert School.objects.count() == 0 and User.objects.count() == 0


def test_missing_columns_and_windows_encoding(partnership, tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_staff", str(write(tmp_path, "naam;email\nA;a@b.nl\n")))
    assert "Ontbrekende kolommen" in capsys.readouterr().err
    call_command("import_staff", str(write(tmp_path, GOOD.replace("Joke Dam", "Joké Dâm"), encoding="cp1252")))
    assert User.objects.get(email="juf@linde.nl").full_name == "Joké Dâm"


def test_groups_only_for_teachers_rolls_back_everything(partnership, tmp_path, capsys):
    bad = GOOD.replace("ib@linde.nl;Ines Bos;ib;;", "ib@linde.nl;Ines Bos;ib;5a;")
    with pytest.raises(CommandError):
        call_command("import_staff", str(write(tmp_path, bad)))
    assert "alleen een leerkracht kan groepen hebben" in capsys.readouterr().err
    assert School.objects.count() == 0


def test_nul_bytes_are_reported_per_row_not_a_crash(partnership, tmp_path, capsys):
    bad = GOOD.replace("Joke Dam", "Joke\x00Dam").replace("nurse@ggd.nl;Nina", "nurse@ggd.nl;Ni\x1bna")
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("import_staff", str(write(tmp_path, bad)))
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Regel 3: kolom “naam” bevat een NUL-teken of een ander onzichtbaar stuurteken.",
        "Regel 4: kolom “naam” bevat een NUL-teken of een ander onzichtbaar stuurteken.",
    ]
    assert User.objects.count() == 0


def test_one_address_for_two_people_is_refused_per_row_not_merged(partnership, tmp_path, capsys):
    two_people = GOOD + "22BB;1;De Eik;Stichting Twee;Zuid;Duiven;IB@linde.nl;Ilse Berg;leerkracht;;;;\n"
    repeated = "11AA;0;De Linde;Stichting Een;Noord;Zevenaar;juf@linde.nl;Joke Dam;leerkracht;5c;;;\n"
    with pytest.raises(CommandError):
        call_command("import_staff", str(write(tmp_path, two_people + repeated)))
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Regel 5: e-mailadres “ib@linde.nl” staat al in regel 2 bij “Ines Bos”; één adres is één persoon.",
        "Regel 6: herhaalt regel 3 (zelfde e-mailadres, school en rol).",
    ]
    assert User.objects.count() == 0 and School.objects.count() == 0


def test_one_person_with_two_roles_is_still_one_account(partnership, tmp_path):
    second_role = GOOD + "22BB;1;De Eik;Stichting Twee;Zuid;Duiven;ib@linde.nl;Ines  Bos;ib;;;;\n"
    call_command("import_staff", str(write(tmp_path, second_role)))
    ines = User.objects.get(email="ib@linde.nl")
    assert SchoolMembership.objects.filter(user=ines).count() == 2
