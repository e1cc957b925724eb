"""Fail on any Dutch entry of the project's own catalogues that would ship in English.

Usage: python scripts/check_translations.py [catalogue.po ...]
Without arguments it checks every `locale/nl/LC_MESSAGES/*.po` below the repository (the project
catalogue and each app's), never third-party ones in the virtualenv. An entry fails when it is
fuzzy (msgfmt leaves it out, so users see the English msgid), when a msgstr is empty, or when its
placeholders differ from the msgid's (the translation would raise or drop a value). A fuzzy header
fails too. Obsolete entries (`#~`) are not shipped and are not checked.

Django merges every catalogue into one per language (LOCALE_PATHS first, then the apps in
INSTALLED_APPS order), so a msgid translated differently in two catalogues ships only one of the
two everywhere: that fails as well. Give the text a context (`pgettext`, `{% translate "..."
context "..." %}`) where the meanings really differ, else use one translation. Run by `make lint`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "venv", "node_modules", "staticfiles", "site-packages", ".git"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


def catalogues(root: Path = ROOT) -> list[Path]:
    """The Dutch catalogues of the project itself, sorted (the virtualenv and hidden folders are skipped)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        here = Path(dirpath)
        if here.parts[-3:] == ("locale", "nl", "LC_MESSAGES"):
            found += [here / name for name in filenames if name.endswith(".po")]
    return sorted(found)


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) if m.group(1) is None else f"%({m.group(1)})" for m in PLACEHOLDER.finditer(text))


def problems(path: Path) -> list[str]:
    """One line per entry that would not show in Dutch, as `file:line: reason: msgid`."""
    po = polib.pofile(str(path))
    out = []
    if po.metadata_is_fuzzy and "fuzzy" in po.metadata_is_fuzzy:
        out.append(f"{_short(path)}:1: fuzzy header")
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{_short(path)}:{entry.linenum}"
        if "fuzzy" in entry.flags:
            out.append(f"{where}: fuzzy: {entry.msgid!r}")
            continue
        if entry.msgid_plural:
            translations = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            sources = [entry.msgid, entry.msgid_plural]
        else:
            translations = [entry.msgstr]
            sources = [entry.msgid]
        if not translations or any(not t for t in translations):
            out.append(f"{where}: untranslated: {entry.msgid!r}")
            continue
        if "python-format" in entry.flags:
            expected = {tuple(_placeholders(s)) for s in sources}
            for text in translations:
                if tuple(_placeholders(text)) not in expected:
                    out.append(f"{where}: placeholders differ from the msgid: {entry.msgid!r}")
                    break
    return out


def conflicts(paths: list[Path]) -> list[str]:
    """One line per (context, msgid) that two catalogues translate differently."""
    seen: dict[tuple[str | None, str], dict[str, list[Path]]] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
                continue
            text = entry.msgstr if not entry.msgid_plural else repr(sorted(entry.msgstr_plural.items()))
            seen.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(text, []).append(path)
    out = []
    for (context, msgid), translations in sorted(seen.items(), key=lambda item: (item[0][1], item[0][0] or "")):
        if len(translations) > 1:
            where = "; ".join(f"{text!r} in {', '.join(map(_short, found))}" for text, found in translations.items())
            label = f"{msgid!r} (context {context!r})" if context else repr(msgid)
            out.append(f"translated differently: {label}: {where}")
    return out


def _short(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] if argv else catalogues()
    if not paths:
        print("No catalogues found.", file=sys.stderr)
        return 1
    found = [line for path in paths for line in problems(path)] + conflicts(paths)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} Dutch entries would not show as written; fix them in the .po files.", file=sys.stderr)
        return 1
    print(f"Translations complete: {len(paths)} catalogues.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
