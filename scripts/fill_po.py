"""Fill msgstr entries of a .po file from a {msgid: translation} dict in a Python file.

Usage: python scripts/fill_po.py path/to/django.po translations.py
The dict is named NL. Entries not in the dict keep their msgstr; a report lists untranslated ones.
"""

import ast
import re
import sys


def unquote(lines):
    return "".join(ast.literal_eval(line.strip()) for line in lines)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main(po_path: str, dict_path: str) -> None:
    namespace: dict = {}
    exec(open(dict_path, encoding="utf-8").read(), namespace)  # noqa: S102 - a local, trusted file
    table = namespace["NL"]
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    out, missing = [], []
    for block in blocks:
        lines = block.split("\n")
        try:
            i_id = next(i for i, l in enumerate(lines) if l.startswith("msgid "))
            i_str = next(i for i, l in enumerate(lines) if l.startswith("msgstr ") or l.startswith("msgstr["))
        except StopIteration:
            out.append(block)
            continue
        if any(l.startswith("msgid_plural") for l in lines):
            out.append(block)
            continue
        id_lines = [lines[i_id][len("msgid ") :]] + lines[i_id + 1 : i_str]
        msgid = unquote(id_lines)
        if not msgid:
            out.append(block)
            continue
        current = unquote([lines[i_str][len("msgstr ") :]] + [l for l in lines[i_str + 1 :] if l.startswith('"')])
        if msgid in table:
            new = table[msgid]
            lines = [l for l in lines[:i_str] if l != "#, fuzzy" and not re.match(r"#, fuzzy", l)] + [
                f"msgstr {quote(new)}"
            ]
            lines = [re.sub(r"^#, fuzzy, ", "#, ", l) for l in lines]
        elif not current:
            missing.append(msgid)
        out.append("\n".join(lines))
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out))
    for m in missing:
        print("UNTRANSLATED:", m)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
