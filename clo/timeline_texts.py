"""How the CLO's timeline events read (imported by CloConfig.ready, which registers them).

One message, "clo_request": "<kind of request> (<reference>): <step>", the step in the reader's
language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.casefile.event_text import choice, register_event_messages, verbatim
from clo.models import DecisionOutcome, ObjectionOutcome, RequestKind

_STEPS = {
    "started": _("request started"),
    "ready": _("prepared, awaiting the director's confirmation"),
    "draft": _("sent back to the IB"),
    "submitted": _("submitted to the CLO"),
    "resubmitted": _("completed and resubmitted"),
    "incomplete": _("incomplete: the CLO asked the school for missing parts (term suspended)"),
    "accepted": _("accepted by the CLO secretary"),
    "planned": _("planned in a CLO meeting"),
    "decided": _("decided"),
    "withdrawn": _("withdrawn"),
    "expert_asked": _("expert asked for advice (%(discipline)s)"),
    "advice_given": _("expert advice given (%(discipline)s)"),
    "decision": _("decision %(number)s: %(outcome)s"),
    "objection_received": _("objection received against %(number)s"),
    "objection_decided": _("decision on objection: %(outcome)s"),
}


def _clo_request(params: Mapping[str, Any]) -> str:
    step = params.get("step", "")
    template = _STEPS.get(step)
    what = verbatim(step) if template is None else str(template)
    if "%(" in what:
        outcome = choice(ObjectionOutcome if step == "objection_decided" else DecisionOutcome)
        what %= {
            "discipline": verbatim(params.get("discipline")),
            "number": verbatim(params.get("number")),
            "outcome": outcome(params.get("outcome")),
        }
    return gettext("%(kind)s (%(reference)s): %(step)s") % {
        "kind": choice(RequestKind)(params.get("request_kind")),
        "reference": verbatim(params.get("reference")),
        "step": what,
    }


register_event_messages({"clo_request": _clo_request})
