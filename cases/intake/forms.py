"""Forms of the intake (the zorgformulier by which a pupil is registered for the OT)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.intake.models import ConcernArea, Intake
from cases.intake.services import INTAKE_FIELDS
from cases.pupils.selectors import pupil_search
from ot_portal.core.dates import DateInput, not_future


class IntakeForm(forms.ModelForm):
    pupil = forms.ModelChoiceField(label=_("Pupil"), queryset=None, empty_label=_("Choose a pupil"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    concern_areas = forms.MultipleChoiceField(
        label=_("Areas of concern"), choices=ConcernArea.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    parents_informed = forms.NullBooleanField(
        label=_("Parents were informed"),
        required=False,
        widget=forms.RadioSelect(choices=[("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Intake
        fields = ["pupil", *INTAKE_FIELDS]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2}),
            "help_question": forms.Textarea(attrs={"rows": 2}),
            "concerns": forms.Textarea(attrs={"rows": 2}),
            "tried": forms.Textarea(attrs={"rows": 2}),
            "tried_result": forms.Textarea(attrs={"rows": 2}),
            "strengths": forms.Textarea(attrs={"rows": 2}),
            "parents_view": forms.Textarea(attrs={"rows": 2}),
            "group_discussion_on": DateInput(),
            "pupil_discussion_on": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupil_search(user=user)
        self.fields["pupil"].label_from_instance = lambda p: f"{p.full_name} ({p.pupil_number})"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_group_discussion_on(self):
        return not_future(self.cleaned_data.get("group_discussion_on"))

    def clean_pupil_discussion_on(self):
        return not_future(self.cleaned_data.get("pupil_discussion_on"))
