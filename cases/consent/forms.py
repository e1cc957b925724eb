"""Forms of consent (parental consent (toestemming) and the case grants it gives externals)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.consent.models import CONSENT_DISCIPLINES, ConsentMethod
from cases.pupils.models import Pupil
from ot_portal.core.dates import DateInput


class ConsentForm(forms.Form):
    guardians = forms.ModelMultipleChoiceField(
        label=_("Guardians who gave consent"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput(), initial=timezone.localdate)
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    signed_form = forms.FileField(label=_("Signed form (PDF or image)"), required=False)
    discuss_in_ot = forms.BooleanField(label=_("May be discussed by name in the OT"), required=False, initial=True)
    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines that may receive data"),
        choices=CONSENT_DISCIPLINES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    pupil_agreed = forms.BooleanField(label=_("The pupil (12 to 16 years) agreed too"), required=False)

    def __init__(self, *args, pupil: Pupil, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].queryset = pupil.guardians.all()
        self.fields["guardians"].label_from_instance = lambda g: (
            f"{g.name} ({g.relation})" + ("" if g.has_authority else f" — {_('no parental authority')}")
        )


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
