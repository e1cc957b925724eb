"""Change-log registration for CLO data; free text about the pupil is masked in full
(special-category data). RequestStatusChange is itself the append-only history and is not
registered again."""

from clo import models as m
from ot_portal.core.audit import register

register(
    m.Request,
    redact_fields=[
        "support_needs",
        "development_perspective",
        "interventions",
        "basic_support",
        "extra_support",
        "parents_view",
    ],
)
register(m.ThirdPartyReport, redact_fields=["title", "author"])
register(m.CompletenessRequirement)
register(m.CommitteeMeeting)
register(m.Vote)
register(m.ExpertAssignment)
register(m.ExpertAdvice, redact_fields=["advice"])
register(m.Decision, redact_fields=["motivation"])
register(m.Objection, redact_fields=["grounds", "hearing_report", "objector", "extension_reason"])
