"""One Dutch word for overdue throughout: "te laat" (never "over tijd" / "overtijd"), in every
catalogue of the project and in the templates."""

import re

import polib

from scripts.check_translations import ROOT, catalogues

OTHER_WORDS = re.compile(r"\bover\s*tijd\b|\bachterstallig", re.IGNORECASE)


def test_every_overdue_text_says_te_laat():
    wrong = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            if any(OTHER_WORDS.search(t) for t in texts):
                wrong.append((path.relative_to(ROOT), entry.msgid))
            if re.search(r"\boverdue\b", entry.msgid, re.IGNORECASE) and not entry.obsolete:
                if not any(re.search(r"te\s+la(at|te)", t, re.IGNORECASE) for t in texts if t):
                    wrong.append((path.relative_to(ROOT), entry.msgid))
    assert not wrong, wrong


def test_no_template_hard_codes_another_word():
    wrong = [
        str(p.relative_to(ROOT))
        for p in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in p.parts and OTHER_WORDS.search(p.read_text(encoding="utf-8"))
    ]
    assert not wrong, wrong
