"""What the CLO holds on a pupil, for the answer to an access request (registered with
cases.disclosure.document from CloConfig.ready): every request of the pupil's cases, with its
decisions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.disclosure.document import Block, Section, model_fields, text
from cases.pupils.models import Pupil
from clo.models import Request

REQUEST_FIELDS = [
    "kind",
    "status",
    "received_on",
    "support_needs",
    "development_perspective",
    "interventions",
    "basic_support",
    "extra_support",
    "parents_view",
    "parents_agree",
]
DECISION_FIELDS = ["number", "outcome", "decided_on", "starts_on", "ends_on", "motivation"]


def sections(pupil: Pupil) -> list[Section]:
    requests = (
        Request.objects.filter(case__pupil=pupil)
        .select_related("board")
        .prefetch_related("decisions")
        .order_by("created_at", "pk")
    )
    result = []
    for r in requests:
        blocks = [Block(fields=[(str(_("Applicant")), r.board.name), *model_fields(r, REQUEST_FIELDS)])]
        blocks.extend(
            Block(title=str(_("Decision")), fields=model_fields(d, DECISION_FIELDS)) for d in r.decisions.all()
        )
        result.append(
            Section(
                title=str(_("Request to the CLO of %(date)s") % {"date": text(r.created_at.date())}),
                blocks=blocks,
            )
        )
    return result
