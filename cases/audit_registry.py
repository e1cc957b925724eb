"""Change-log registration for case data; free text is masked in full (special-category data).

GrowthDocumentChange is itself the user-visible history of the groeidocument and is not
registered again; CaseEvent summaries are system-written and hold no free text.
"""

from cases.actions import models as actions_models
from cases.casefile import models as casefile_models
from cases.consent import models as consent_models
from cases.disclosure import models as disclosure_models
from cases.growth import models as growth_models
from cases.intake import models as intake_models
from cases.pupils import models as pupils_models
from ot_portal.core.audit import register

register(pupils_models.Pupil)
register(pupils_models.Guardian)
register(consent_models.Consent, redact_fields=["withdrawn_reason"])
register(casefile_models.Case)
register(casefile_models.CaseGrant)
register(casefile_models.CaseLeadChange, redact_fields=["note"])
register(actions_models.Action, redact_fields=["description", "result"])
register(
    intake_models.Intake,
    redact_fields=["reason", "help_question", "concerns", "tried", "tried_result", "strengths", "parents_view"],
)
register(casefile_models.CaseNote, redact_fields=["text", "with_whom"])
register(casefile_models.Intervention, redact_fields=["description", "evaluation"])
register(casefile_models.Attachment, redact_fields=["description", "original_name"], exclude_fields=["file"])
register(
    growth_models.GrowthDocument,
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
register(growth_models.GrowthGoal, redact_fields=["goal", "analysis", "approach"])
register(growth_models.GoalEvaluation, redact_fields=["text"])
register(
    disclosure_models.AccessRequest, redact_fields=["extension_reason"], exclude_fields=["answer_pdf", "answer_zip"]
)
