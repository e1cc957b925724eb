"""Pure rules of participation: the version of the OPP's action part, and when it is in effect.

Pure Python without model imports, so the data migration that moved `opp_parents_consented`
into agreements uses the same hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

#: The fields of the groeidocument that make up the action part (handelingsdeel) of the OPP:
#: what the school does differently and which support it gives. The exit destination and its
#: justification are the perspective part, which parents do not have to agree to.
ACTION_PART_FIELDS = ("opp_deviations", "opp_support_given")

AGREE = "agree"
DISAGREE = "disagree"

# The state of the action part.
NO_OPP = "no_opp"
IN_EFFECT = "in_effect"
WAITING = "waiting"
DISAGREED = "disagreed"


def action_part_hash(values: Mapping[str, str]) -> str:
    """A stable fingerprint of the action part's text: any change asks the parents again."""
    normalised = {name: " ".join(str(values.get(name) or "").split()) for name in ACTION_PART_FIELDS}
    return hashlib.sha256(json.dumps(normalised, sort_keys=True).encode()).hexdigest()


def action_part_state(*, has_opp: bool, holder_ids: Iterable[int], answers: Mapping[int, str]) -> str:
    """In effect only once every holder of authority agreed to the current version; a "no" from
    any holder means it is not in effect and the school must talk with the parents."""
    if not has_opp:
        return NO_OPP
    holders = list(holder_ids)
    if any(answers.get(pk) == DISAGREE for pk in holders):
        return DISAGREED
    if holders and all(answers.get(pk) == AGREE for pk in holders):
        return IN_EFFECT
    return WAITING
