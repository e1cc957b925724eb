"""Redaction of third parties in an inzage answer (AVG art. 15(4)): the right of access may not
harm the rights of others. Left out are the names of other pupils (wherever free text mentions
them) and the contact details of any guardian other than the one who asked.

It runs over the finished document (every cell of every section), so no section can forget it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.disclosure.document import Block, Section
from cases.pupils.models import Guardian, Pupil

#: Shortest name redacted on its own: shorter first names ("Jo") would match too much text.
MIN_NAME_LENGTH = 3


@dataclass
class Redactor:
    pattern: re.Pattern[str] | None
    pupil_mark: str
    contact_mark: str
    contacts: tuple[re.Pattern[str], ...]

    def __call__(self, value: str) -> str:
        if not value:
            return value
        for contact in self.contacts:
            value = contact.sub(self.contact_mark, value)
        if self.pattern is not None:
            value = self.pattern.sub(self.pupil_mark, value)
        return value

    def document(self, sections: list[Section]) -> list[Section]:
        return [
            Section(
                title=self(section.title),
                blocks=[
                    Block(
                        title=self(block.title),
                        fields=[(self(label), self(value)) for label, value in block.fields],
                        columns=[self(c) for c in block.columns],
                        rows=[[self(cell) for cell in row] for row in block.rows],
                        empty=block.empty,
                    )
                    for block in section.blocks
                ],
            )
            for section in sections
        ]


def other_guardians(pupil: Pupil, requester: Guardian | None) -> list[Guardian]:
    """Whose contact details are withheld: every guardian but the one who asked (all of them
    when the pupil asked or nobody is named)."""
    return [g for g in pupil.guardians.all() if requester is None or g.pk != requester.pk]


def redactor_for(pupil: Pupil, *, requester: Guardian | None) -> Redactor:
    """Names of the other pupils of the school (full names, and first names that are not also this
    pupil's), and the other guardians' e-mail addresses and phone numbers."""
    own = {pupil.first_name.casefold(), pupil.full_name.casefold()}
    names: set[str] = set()
    for first, prefix, last in (
        Pupil.objects.filter(school_id=pupil.school_id)
        .exclude(pk=pupil.pk)
        .values_list("first_name", "last_name_prefix", "last_name")
    ):
        full = " ".join(p for p in (first, prefix, last) if p)
        for name in (full, first):
            if len(name) >= MIN_NAME_LENGTH and name.casefold() not in own:
                names.add(name)
    # Longest first, so a full name is replaced whole rather than only its first name.
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
        if names
        else None
    )
    contacts = []
    for guardian in other_guardians(pupil, requester):
        if guardian.email.strip():
            contacts.append(re.compile(re.escape(guardian.email.strip()), re.IGNORECASE))
        digits = re.sub(r"\D", "", guardian.phone)
        if len(digits) >= 6:
            # However the number is written in a note: "06-1234 5678", "0612345678", "+31 6 ...".
            contacts.append(re.compile(r"\+?" + r"[\s().-]*".join(digits)))
    return Redactor(
        pattern=pattern,
        pupil_mark=str(_("[name of another pupil]")),
        contact_mark=str(_("[withheld]")),
        contacts=tuple(contacts),
    )
