"""How consent's timeline events read (imported by CasesConfig.ready, which registers them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from cases.casefile.event_text import register_event_messages
from cases.consent.models import item_label


def _consent_changed(params: Mapping[str, Any]) -> str:
    text = gettext("Consent changed (version %(n)s)") % {"n": params.get("version", "")}
    if lost := params.get("lost"):
        text += ": " + gettext("no longer: %(items)s") % {"items": ", ".join(item_label(i) for i in lost)}
    return text


register_event_messages({"consent_changed": _consent_changed})
