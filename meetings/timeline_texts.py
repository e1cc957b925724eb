"""How the meetings' timeline events read (imported by MeetingsConfig.ready, which registers them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.casefile.event_text import choice, day, register_event_messages, sentence
from meetings.models import Escalation


def _agenda_added(params: Mapping[str, Any]) -> str:
    template = (
        gettext("On the agenda of the OT meeting of %(date)s (anonymously)")
        if params.get("anonymous")
        else gettext("On the agenda of the OT meeting of %(date)s")
    )
    return template % {"date": day(params.get("date"))}


def _agenda_removed(params: Mapping[str, Any]) -> str:
    template = (
        gettext("Removed from the agenda of the OT meeting of %(date)s (anonymously)")
        if params.get("anonymous")
        else gettext("Removed from the agenda of the OT meeting of %(date)s")
    )
    text = template % {"date": day(params.get("date"))}
    if reason := params.get("reason"):
        text = gettext("%(summary)s. Reason: %(reason)s") % {"summary": text, "reason": reason}
    return text


register_event_messages(
    {
        "agenda_added": _agenda_added,
        "agenda_removed": _agenda_removed,
        "minutes_recorded": sentence(_("Minutes of the OT meeting of %(date)s recorded"), date=day),
        "minutes_updated": sentence(_("Minutes of the OT meeting of %(date)s updated"), date=day),
        "minutes_corrected": sentence(_("Correction added to the minutes of %(date)s"), date=day),
        "escalation_agreed": sentence(_("Escalation agreed in the OT: %(what)s"), what=choice(Escalation)),
    }
)
