"""The rules of consent (toestemming), once: who decides, and what is in force.

Everything that asks "may this pupil be discussed by name?" or "may this discipline see the
case?" ends here: `decide()` turns the answers of a consent version into the status of each item
when the version is made, and `is_in_force()` (in Python) and `ConsentQuerySet.in_force()` (in
SQL, cases/consent/models.py) say whether a version applies on a day. Meetings, the CLO, the case
grants and the dashboards call these; nobody re-implements them.

Pure Python without model imports, so the data migration that merged the old stacked records
(cases/migrations/0007) could use the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

#: The item "may be discussed by name in the OT"; the other items are discipline codes (roles).
NAMED = "named"

# An answer to one item.
YES = "yes"
NO = "no"
INFORMED = "informed"  # the holder was informed and did not object (counts only when relaxed)
ANSWERS = (YES, NO, INFORMED)

# The status of one item of a version.
IN_FORCE = "in_force"
WAITING_SECOND_PARENT = "waiting_second_parent"  # wacht op tweede ouder
WAITING_PARENTS = "waiting_parents"  # no holder has agreed yet
WAITING_PUPIL = "waiting_pupil"
REFUSED = "refused"
NO_AUTHORITY_HOLDER = "no_holder"

# Age bands: under 12 the parents decide; 12 up to 16 parents and pupil; from 16 the pupil alone.
BAND_CHILD = "child"
BAND_YOUNG_TEEN = "12-16"
BAND_SIXTEEN = "16+"


def age_band(age: int) -> str:
    if age >= 16:
        return BAND_SIXTEEN
    if age >= 12:
        return BAND_YOUNG_TEEN
    return BAND_CHILD


def pupil_is_asked(age: int) -> bool:
    """From 12 the pupil's own answer is asked (and from 16 it is the only one that counts)."""
    return age >= 12


@dataclass(frozen=True)
class Decision:
    """The outcome of `decide`: per asked item its status."""

    status: dict[str, str]

    @property
    def in_force(self) -> frozenset[str]:
        return frozenset(item for item, s in self.status.items() if s == IN_FORCE)

    @property
    def named(self) -> bool:
        return NAMED in self.in_force

    @property
    def disciplines(self) -> list[str]:
        return sorted(item for item in self.in_force if item != NAMED)


def _parents_decide(item: str, holder_answers: Sequence[Mapping[str, str]], *, both_must_agree: bool) -> str:
    if not holder_answers:
        return NO_AUTHORITY_HOLDER
    answers = [a.get(item, "") for a in holder_answers]
    if NO in answers:  # a "no" from any holder always wins
        return REFUSED
    if all(a == YES for a in answers):
        return IN_FORCE
    if YES not in answers:
        return WAITING_PARENTS
    if not both_must_agree and all(a in (YES, INFORMED) for a in answers):
        return IN_FORCE
    return WAITING_SECOND_PARENT


def decide(
    *,
    asked: Iterable[str],
    holder_answers: Iterable[Mapping[str, str]],
    pupil_answers: Mapping[str, str] | None,
    age: int,
    both_must_agree: bool = True,
) -> Decision:
    """The status of each asked item.

    `holder_answers`: one mapping item -> answer per guardian holding parental authority (gezag);
    a holder who has not answered an item simply lacks it. `pupil_answers`: the pupil's own
    answers (asked from 12). `both_must_agree` is the partnership setting; when False, "one agreed
    and the other was informed" is enough, but a "no" still wins.
    """
    holders = [dict(a) for a in holder_answers]
    pupil = dict(pupil_answers or {})
    status: dict[str, str] = {}
    for item in sorted(set(asked)):
        if age >= 16:
            own = pupil.get(item, "")
            status[item] = IN_FORCE if own == YES else REFUSED if own == NO else WAITING_PUPIL
            continue
        parents = _parents_decide(item, holders, both_must_agree=both_must_agree)
        if parents == IN_FORCE and age >= 12:
            own = pupil.get(item, "")
            parents = IN_FORCE if own == YES else REFUSED if own == NO else WAITING_PUPIL
        elif parents != REFUSED and age >= 12 and pupil.get(item) == NO:
            parents = REFUSED
        status[item] = parents
    return Decision(status=status)


def is_in_force(
    *, is_current: bool, given_on: date, valid_until: date | None, withdrawn_on: date | None, on: date
) -> bool:
    """Whether a consent version applies on `on` at all (its items then follow `decide`).

    The SQL twin is `ConsentQuerySet.in_force` in cases/consent/models.py; a test keeps them equal."""
    return is_current and withdrawn_on is None and given_on <= on and (valid_until is None or valid_until >= on)


def status_label(status: str) -> str:
    return {
        IN_FORCE: _("in force"),
        WAITING_SECOND_PARENT: _("waiting for the second parent"),
        WAITING_PARENTS: _("waiting for the parents"),
        WAITING_PUPIL: _("waiting for the pupil"),
        REFUSED: _("refused"),
        NO_AUTHORITY_HOLDER: _("nobody with parental authority"),
    }.get(status, status)
