"""Forms of consent (parental consent (toestemming) and the case grants it gives externals)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.consent import rules
from cases.consent.models import CONSENT_DISCIPLINES, Consent, ConsentMethod
from cases.consent.services import withdrawal_choices
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.dates import DateInput

GUARDIAN_ANSWERS = [
    ("", _("No answer yet")),
    (rules.YES, _("Agreed")),
    (rules.NO, _("Did not agree")),
    (rules.INFORMED, _("Informed, no objection")),
]
PUPIL_ANSWERS = [("", _("Not asked yet")), (rules.YES, _("Agreed")), (rules.NO, _("Did not agree"))]


class ConsentForm(forms.Form):
    """Record or change the pupil's consent: what is asked, and each guardian's answer to it.
    Opened with the current version as its starting point; saving adds a new version."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    discuss_in_ot = forms.BooleanField(label=_("May be discussed by name in the OT"), required=False, initial=True)
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines that may receive data"),
        choices=CONSENT_DISCIPLINES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=timezone.localdate)
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    signed_form = forms.FileField(label=_("Signed form (PDF or image)"), required=False)

    def __init__(self, *args: Any, pupil: Pupil, current: Consent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.guardian_fields: list[tuple[str, Guardian]] = []
        answers = {a.guardian_id: a.answers for a in current.answers.all()} if current else {}
        asked = current.asked_items if current else []
        for guardian in pupil.guardians.all():
            name = f"answer_{guardian.pk}"
            label = f"{guardian.name}" + (f" ({guardian.relation})" if guardian.relation else "")
            if not guardian.has_authority:
                label += f" — {_('no parental authority')}"
            given = answers.get(guardian.pk, {})
            values = {given.get(item, "") for item in asked}
            self.fields[name] = forms.ChoiceField(
                label=label, choices=GUARDIAN_ANSWERS, required=False, initial=values.pop() if len(values) == 1 else ""
            )
            self.guardian_fields.append((name, guardian))
        age = pupil.age_on()
        self.ask_pupil = rules.pupil_is_asked(age)
        if self.ask_pupil:
            label = str(
                _("The pupil (16 or older) decides") if age >= 16 else _("The pupil (12 to 16 years) agreed too")
            )
            pupil_values = {(current.pupil_answers or {}).get(item, "") for item in asked} if current else {""}
            self.fields["pupil_answer"] = forms.ChoiceField(
                label=label,
                choices=PUPIL_ANSWERS,
                required=False,
                initial=pupil_values.pop() if len(pupil_values) == 1 else "",
            )
        self.fields["version"].initial = current.version if current else 0
        if current is not None and current.withdrawn_on is None:
            self.fields["discuss_in_ot"].initial = current.discuss_in_ot
            self.fields["disciplines"].initial = current.disciplines
            self.fields["valid_until"].initial = current.valid_until
            self.fields["method"].initial = current.method

    def guardian_rows(self) -> list[tuple[forms.BoundField, Guardian]]:
        return [(self[name], guardian) for name, guardian in self.guardian_fields]

    def guardian_answers(self) -> dict[Guardian, str]:
        return {guardian: self.cleaned_data.get(name, "") for name, guardian in self.guardian_fields}


class ConsentWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    scope = forms.ChoiceField(label=_("What is withdrawn"))
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, consent: Consent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scope"]).choices = withdrawal_choices()
        self.fields["version"].initial = consent.version
