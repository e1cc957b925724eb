"""How the actions' timeline events read (imported by CasesConfig.ready, which registers them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions.models import ActionStatus
from cases.casefile.event_text import choice, day, lower, register_event_messages, sentence, verbatim


def _action_changed(params: Mapping[str, Any]) -> str:
    parts = []
    if params.get("due"):
        parts.append(gettext("due date %(due)s") % {"due": day(params["due"])})
    if params.get("owner"):
        parts.append(gettext("owner %(owner)s") % {"owner": verbatim(params["owner"])})
    if not parts:
        return gettext("Action changed: description")
    return gettext("Action changed: %(changes)s") % {"changes": ", ".join(parts)}


register_event_messages(
    {
        "action_agreed": sentence(_("Action agreed for %(owner)s, due %(due)s"), owner=verbatim, due=day),
        "action_status": sentence(_("Action %(status)s"), status=lower(choice(ActionStatus))),
        "action_changed": _action_changed,
        "action_escalated": sentence(_("Overdue action escalated to the case lead and the IB")),
        "actions_handed_over": sentence(
            _("Open actions handed over from %(leaving)s to %(successor)s"), leaving=verbatim, successor=verbatim
        ),
    }
)
