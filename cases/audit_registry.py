"""Change-log registration for case data; free text is masked in full (special-category data)."""

from cases import models as m
from ot_portal.core.audit import register

register(m.Pupil)
register(m.Guardian)
register(m.Consent, redact_fields=["withdrawn_reason"])
register(m.Case)
register(m.Action, redact_fields=["description", "result"])
