"""What the parent pages say about each consent item: who would receive which data, and why.

The parent's answer records the version of this text they were shown (`text_version`): the
edition below plus a fingerprint of the words in the language they saw, so a later change of the
wording is visible in the record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.consent.models import discipline_labels
from cases.consent.rules import NAMED
from ot_portal.core.models import Role

#: Raise when the meaning of the texts changes (the fingerprint catches every wording change).
EDITION = "2026-12"


def item_texts() -> dict[str, dict[str, str]]:
    """Per item: title, what data, why."""
    return {
        NAMED: {
            "title": _("Talking about your child by name in the support team (OT)"),
            "data": _(
                "The name of your child, what the school sees in class, what has been tried, and your "
                "own view. The support team meets at school: the director, the internal care "
                "coordinator (IB), the teacher and the professionals you agree to below."
            ),
            "why": _(
                "The team can think along better when it knows who it is about. Without your consent "
                "the school only discusses your child without a name."
            ),
        },
        Role.ORTHOPEDAGOGUE: {
            "data": _("The growth document, the case notes and test results."),
            "why": _("The orthopedagogue looks at how your child learns and advises the school and you."),
        },
        Role.YOUTH_NURSE: {
            "data": _("The growth document and what the school knows about health and development."),
            "why": _("The youth nurse of the public health service looks at growth, health and well-being."),
        },
        Role.SCHOOL_SOCIAL_WORKER: {
            "data": _("The growth document and the case notes."),
            "why": _("The school social worker can help you and your child with worries at home or at school."),
        },
        Role.SOCIAL_TEAM: {
            "data": _("The growth document and the case notes."),
            "why": _("The social team of the municipality can arrange help for your family if that is needed."),
        },
        Role.VISITING_SPECIALIST: {
            "data": _("The growth document and the case notes."),
            "why": _("The visiting specialist helps the teacher with extra support in class."),
        },
        Role.CARE_PROVIDER: {
            "data": _("The growth document and the case notes."),
            "why": _("A youth-care provider can start care for your child if you want that."),
        },
    }


def item_title(item: str) -> str:
    texts = item_texts()
    if item == NAMED:
        return texts[NAMED]["title"]
    return _("Sharing with: %(discipline)s") % {"discipline": discipline_labels([item])[0].lower()}


def text_version(items: Iterable[str]) -> str:
    texts = item_texts()
    words = "\n".join(
        f"{item}|{item_title(item)}|{texts.get(item, {}).get('data', '')}|{texts.get(item, {}).get('why', '')}"
        for item in sorted(items)
    )
    digest = hashlib.sha256(f"{get_language()}\n{words}".encode()).hexdigest()[:12]
    return f"{EDITION}-{get_language()}-{digest}"
