"""scripts/check_translations.py: fuzzy, empty, mismatched and conflicting Dutch entries fail."""

import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import polib
from django.utils import translation

from scripts import check_translations as check

HEADER = dedent(
    """\
    msgid ""
    msgstr ""
    "Language: nl\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

    """
)


def catalogue(tmp_path: Path, body: str, name: str = "app", header: str = HEADER) -> Path:
    path = tmp_path / name / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(header + dedent(body), encoding="utf-8")
    return path


def test_a_fuzzy_and_an_empty_entry_fail(tmp_path, capsys):
    path = catalogue(
        tmp_path,
        """\
        msgid "Save"
        msgstr "Opslaan"

        #, fuzzy
        #| msgid "handover note"
        msgid "Write a handover note."
        msgstr "overdrachtsnotitie"

        msgid "Cancel"
        msgstr ""

        #, python-format
        msgid "One case"
        msgid_plural "%(count)d cases"
        msgstr[0] "Eén casus"
        msgstr[1] ""

        #~ msgid "Old text"
        #~ msgstr ""
        """,
    )
    found = check.problems(path)
    assert len(found) == 3, found
    assert "fuzzy: 'Write a handover note.'" in found[0]
    assert "untranslated: 'Cancel'" in found[1]
    assert "untranslated: 'One case'" in found[2]
    assert check.main([str(path)]) == 1
    assert "3 Dutch entries" in capsys.readouterr().err


def test_a_complete_catalogue_passes(tmp_path, capsys):
    path = catalogue(
        tmp_path,
        """\
        #, python-format
        msgid "Valid until %(date)s"
        msgstr "Geldig tot %(date)s"

        #, python-format
        msgid "One case"
        msgid_plural "%(count)d cases"
        msgstr[0] "Eén casus"
        msgstr[1] "%(count)d casussen"
        """,
    )
    assert check.problems(path) == []
    assert check.main([str(path)]) == 0
    assert "Translations complete: 1 catalogues." in capsys.readouterr().out


def test_a_fuzzy_header_fails(tmp_path):
    path = catalogue(tmp_path, 'msgid "Save"\nmsgstr "Opslaan"\n', header="#, fuzzy\n" + HEADER)
    assert [line.endswith("fuzzy header") for line in check.problems(path)] == [True]


def test_placeholders_must_match_the_msgid(tmp_path):
    path = catalogue(
        tmp_path,
        """\
        #, python-format
        msgid "Handed over from %(leaving)s to %(successor)s"
        msgstr "Overgedragen van %(leaving)s aan %(succesor)s"
        """,
    )
    [line] = check.problems(path)
    assert "placeholders differ" in line


def test_one_msgid_translated_two_ways_fails_unless_a_context_tells_them_apart(tmp_path):
    cases = catalogue(tmp_path, 'msgid "Valid until"\nmsgstr "Geldig tot"\n', name="cases")
    clo = catalogue(tmp_path, 'msgid "Valid until"\nmsgstr "Geldig tot en met"\n', name="clo")
    [line] = check.conflicts([cases, clo])
    assert "'Valid until'" in line and "'Geldig tot'" in line and "'Geldig tot en met'" in line
    assert check.main([str(cases), str(clo)]) == 1

    clo.write_text(HEADER + 'msgctxt "TLV"\nmsgid "Valid until"\nmsgstr "Geldig tot en met"\n', encoding="utf-8")
    assert check.conflicts([cases, clo]) == []


def test_finds_the_project_catalogues_and_no_third_party_ones(tmp_path):
    own = catalogue(tmp_path, 'msgid "Save"\nmsgstr "Opslaan"\n', name="cases")
    vendored = tmp_path / ".venv" / "lib" / "django" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    vendored.parent.mkdir(parents=True)
    vendored.write_text(HEADER + 'msgid "Save"\nmsgstr ""\n', encoding="utf-8")
    assert check.catalogues(tmp_path) == [own]


def test_the_project_catalogues_are_complete():
    paths = check.catalogues()
    assert {p.relative_to(check.ROOT).parts[0] for p in paths} >= {"locale", "cases", "meetings", "clo", "ot_portal"}
    assert [line for p in paths for line in check.problems(p)] + check.conflicts(paths) == []


def test_every_text_in_the_source_is_in_a_catalogue(tmp_path):
    """`make makemessages` on a copy of the tree adds no entry: no text ships untranslated because
    nobody extracted it."""
    copy = tmp_path / "tree"
    shutil.copytree(
        check.ROOT,
        copy,
        ignore=shutil.ignore_patterns(".*", "__pycache__", "*.mo", "staticfiles", "private_media", "db.sqlite3"),
    )
    result = subprocess.run(
        ["make", "-s", "-o", "venv", "makemessages", f"PY={sys.executable}"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    paths = check.catalogues(copy)
    assert len(paths) == len(check.catalogues())
    assert [line for p in paths for line in check.problems(p)] == []


# Entries that a catalogue earlier in Django's merge order (LOCALE_PATHS, then INSTALLED_APPS in
# order: django.contrib.*, allauth, ... before the project's apps) translates otherwise, so ours
# never ships. Each needs a context in the code; the test fails as soon as one ships as written.
SHADOWED = {
    # allauth's "provider" → "provider" (English on the intervention form). Waits for the cases
    # split: cases/models.py Intervention.provider must use pgettext_lazy("intervention", "provider").
    ("cases", None, "provider"),
}


def test_every_entry_ships_as_written():
    wrong = set()
    with translation.override("nl"):
        for path in check.catalogues():
            app = path.relative_to(check.ROOT).parts[0]
            app = "dashboards" if app == "ot_portal" else app
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid or entry.msgid_plural:
                    continue
                if entry.msgctxt:
                    shipped = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shipped = translation.gettext(entry.msgid)
                if shipped != entry.msgstr:
                    wrong.add((app, entry.msgctxt, entry.msgid))
    assert wrong == SHADOWED
