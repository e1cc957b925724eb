"""Forms of the case file (the case, its status and care level, regie, notes, interventions,
attachments).

The case page shows several of these forms at once: each has its own `prefix`, so its field ids
(`id_action-description`, `id_intervention-description`) are unique on the page and every label
points at its own field. The views bind the same classes, so they read the same prefix."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cases.casefile.files import check_upload
from cases.casefile.models import CareLevel, Case, CaseNote, CaseOutcome, CaseStatus, Intervention
from cases.casefile.selectors import regie_candidates
from cases.casefile.workflow import allowed_next
from ot_portal.core.dates import DateInput, not_future
from ot_portal.core.forms import choices_from
from ot_portal.core.models import User


class StatusChangeForm(forms.Form):
    prefix = "status"
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"), choices=[("", "—"), *CaseOutcome.choices], required=False
    )
    reason = forms.CharField(label=_("Why"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (s, CaseStatus(s).label) for s in allowed_next(case.status)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("to_status") == CaseStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome when closing a case."))
        return data


class CareLevelForm(forms.Form):
    prefix = "care"
    care_level = forms.ChoiceField(label=_("Care level"), choices=CareLevel.choices)


class RegieForm(forms.Form):
    prefix = "lead"
    to_lead: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("New regie holder"), queryset=None, empty_label=_("Choose a person")
    )
    note = forms.CharField(
        label=_("Handover note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, case: Case, candidates: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["to_lead"])
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]  # names and organisation, not e-mails
            f"{obj.full_name} {f'({obj.organisation})' if obj.organisation else ''}"
        )
        if candidates is None:
            field.queryset = regie_candidates(case=case)
        else:  # read once on the case page for this form and ActionForm
            choices_from(field, User, candidates)


class CaseNoteForm(forms.ModelForm[CaseNote]):
    prefix = "note"

    class Meta:
        model = CaseNote
        fields = ["kind", "occurred_on", "with_whom", "text", "author_only"]
        widgets = {"occurred_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def clean_occurred_on(self) -> date | None:
        return not_future(self.cleaned_data.get("occurred_on"))


class InterventionForm(forms.ModelForm[Intervention]):
    prefix = "intervention"

    class Meta:
        model = Intervention
        fields = ["level", "description", "provider", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class InterventionEvaluationForm(forms.Form):
    """The evaluation of an intervention. Without a date it is evaluated today (the service's
    default): the case page asks only for the text."""

    evaluation = forms.CharField(
        label=_("Evaluation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control form-control-sm mb-1"}),
    )
    evaluated_on = forms.DateField(label=_("Evaluated on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput())

    @classmethod
    def for_intervention(cls, intervention: Intervention) -> InterventionEvaluationForm:
        """The form under one intervention on the case page: the ids carry the intervention, the
        field names stay plain."""
        return cls(auto_id=f"ev-{intervention.uuid.hex}-%s")

    def clean_evaluated_on(self) -> date | None:
        return not_future(self.cleaned_data.get("evaluated_on"))


class AttachmentForm(forms.Form):
    prefix = "attachment"
    file = forms.FileField(label=_("File (PDF, image, Word or Excel; at most 10 MB)"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_third_party_report = forms.BooleanField(label=_("Report by a third party"), required=False)

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        check_upload(upload)
        return upload
