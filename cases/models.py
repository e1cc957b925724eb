"""Models of the cases app. Each concept defines its models in its own package (cases/pupils,
cases/consent, cases/casefile, cases/actions, cases/intake, cases/growth); they are imported here so
that Django registers them under the app label "cases" and other apps find them in one place.
"""

from cases.actions.models import Action, ActionQuerySet, ActionStatus
from cases.casefile.models import (
    ATTACHMENT_MAX_BYTES,
    Attachment,
    CareLevel,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseGrant,
    CaseLeadChange,
    CaseNote,
    CaseNoteKind,
    CaseOutcome,
    CaseStatus,
    CaseStatusChange,
    Intervention,
    InterventionLevel,
)
from cases.consent.models import CONSENT_DISCIPLINES, Consent, ConsentGuardian, ConsentMethod, ConsentQuerySet
from cases.disclosure.models import AccessRequest, AccessRequestStatus, AccessRequestVia
from cases.growth.models import (
    GoalEvaluation,
    GrowthDocument,
    GrowthDocumentChange,
    GrowthGoal,
    HgwPhase,
    OppExitDestination,
)
from cases.intake.models import ConcernArea, Intake, IntakeStatus
from cases.participation.models import (
    Invitation,
    InvitationMail,
    OppAgreement,
    ParticipantConsentAnswer,
    ParticipantView,
)
from cases.pupils.models import Enrolment, Guardian, Pupil

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "AccessRequest",
    "AccessRequestStatus",
    "AccessRequestVia",
    "Action",
    "ActionQuerySet",
    "ActionStatus",
    "Attachment",
    "CONSENT_DISCIPLINES",
    "CareLevel",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseGrant",
    "CaseLeadChange",
    "CaseNote",
    "CaseNoteKind",
    "CaseOutcome",
    "CaseStatus",
    "CaseStatusChange",
    "ConcernArea",
    "Consent",
    "ConsentGuardian",
    "ConsentMethod",
    "ConsentQuerySet",
    "Enrolment",
    "GoalEvaluation",
    "GrowthDocument",
    "GrowthDocumentChange",
    "GrowthGoal",
    "Guardian",
    "HgwPhase",
    "Intake",
    "IntakeStatus",
    "Intervention",
    "Invitation",
    "InvitationMail",
    "OppAgreement",
    "ParticipantConsentAnswer",
    "ParticipantView",
    "InterventionLevel",
    "OppExitDestination",
    "Pupil",
]
