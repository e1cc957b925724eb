"""Change-log registration for case data; free text is masked in full (special-category data).

GrowthDocumentChange is itself the user-visible history of the groeidocument and is not
registered again; CaseEvent summaries are system-written and hold no free text.
"""

from cases import models as m
from ot_portal.core.audit import register

register(m.Pupil)
register(m.Guardian)
register(m.Consent, redact_fields=["withdrawn_reason"])
register(m.Case)
register(m.CaseGrant)
register(m.CaseLeadChange, redact_fields=["note"])
register(m.Action, redact_fields=["description", "result"])
register(
    m.Intake,
    redact_fields=["reason", "help_question", "concerns", "tried", "tried_result", "strengths", "parents_view"],
)
register(m.CaseNote, redact_fields=["text", "with_whom"])
register(m.Intervention, redact_fields=["description", "evaluation"])
register(m.Attachment, redact_fields=["description", "original_name"], exclude_fields=["file"])
register(
    m.GrowthDocument,
    redact_fields=[
        "educational_needs",
        "support_needs",
        "enabling_pupil",
        "enabling_school",
        "enabling_home",
        "hindering_pupil",
        "hindering_school",
        "hindering_home",
        "parents_view",
        "pupil_view",
        "opp_exit_justification",
        "opp_deviations",
        "opp_support_given",
    ],
)
register(m.GrowthGoal, redact_fields=["goal", "analysis", "approach"])
register(m.GoalEvaluation, redact_fields=["text"])
