"""Forms of the CLO. They validate input; the services enforce the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clo.models import (
    AdviceRecommendation,
    ArrangementType,
    DecisionOutcome,
    FundingCategory,
    Objection,
    ObjectionOutcome,
    Request,
    RequestKind,
    ThirdPartyReport,
    VoteChoice,
)
from clo.services import SUBSTANTIATION_FIELDS
from ot_portal.core.dates import DateInput
from ot_portal.core.formats import date_prose

DATE = DateInput()


class RequestCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    funding_category = forms.ChoiceField(
        label=_("Funding category (SO)"), choices=[("", "—"), *FundingCategory.choices], required=False
    )
    arrangement_type = forms.ChoiceField(
        label=_("Type of arrangement"), choices=[("", "—"), *ArrangementType.choices], required=False
    )
    extends_decision: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("TLV to extend"), queryset=None, required=False
    )

    def __init__(self, *args, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extends_decision"].queryset = decisions
        self.fields["extends_decision"].label_from_instance = lambda d: (
            f"{d.number} ({d.get_kind_display()}, {date_prose(d.ends_on)})" if d.ends_on else d.number
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RequestKind.TLV_SO and not data.get("funding_category"):
            self.add_error("funding_category", _("A TLV for a special school needs a funding category."))
        if kind not in (RequestKind.TLV_SO, RequestKind.EXTENSION):
            data["funding_category"] = ""
        if kind == RequestKind.ARRANGEMENT and not data.get("arrangement_type"):
            self.add_error("arrangement_type", _("Choose the type of arrangement."))
        if kind != RequestKind.ARRANGEMENT:
            data["arrangement_type"] = ""
        if kind == RequestKind.EXTENSION and not data.get("extends_decision"):
            self.add_error("extends_decision", _("Choose the TLV to extend."))
        if kind != RequestKind.EXTENSION:
            data["extends_decision"] = None
        return data


class SubstantiationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    parents_agree = forms.NullBooleanField(
        label=_("Do the parents agree with the request?"),
        widget=forms.NullBooleanSelect,
        required=False,
    )

    class Meta:
        model = Request
        fields = list(SUBSTANTIATION_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in fields
            if name not in ("interventions_evaluated", "parents_agree")
        }
        help_texts = {
            "parents_view": _("In the parents' own words; they may add their own information."),
            "development_perspective": _("Expected exit destination with its justification."),
        }


class ReportForm(forms.ModelForm):
    class Meta:
        model = ThirdPartyReport
        fields = ["attachment", "title", "author", "author_discipline", "report_date"]
        widgets = {"report_date": DATE}

    def __init__(self, *args, attachments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = attachments
        self.fields["attachment"].empty_label = _("No file (only the reference)")
        self.fields["attachment"].label_from_instance = lambda a: a.description or a.original_name


class TransitionForm(forms.Form):
    """One step of clo/workflow.py; the request page shows one button per step it offers."""

    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=1000)

    @classmethod
    def for_target(cls, to: str) -> TransitionForm:
        # Several of these on one page: no ids, so none repeats.
        return cls(initial={"to": to}, auto_id=False)


class IncompleteForm(forms.Form):
    missing = forms.MultipleChoiceField(
        label=_("What is missing"), widget=forms.CheckboxSelectMultiple, required=False, choices=()
    )
    reason = forms.CharField(
        label=_("Explanation for the school"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000
    )

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [(c.label, c.label) for c in checks]
        self.fields["missing"].initial = [c.label for c in checks if not c.ok]

    def clean(self):
        data = super().clean()
        if not data.get("missing") and not (data.get("reason") or "").strip():
            raise forms.ValidationError(_("Tell the school what is missing."))
        return data


class PlanForm(forms.Form):
    meeting: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("CLO meeting"), queryset=None)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = _("Choose a meeting")
        self.fields["meeting"].widget.attrs["class"] = "form-select"


class AssignForm(forms.Form):
    expert: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Expert"), queryset=None)

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].empty_label = _("Choose an expert")
        self.fields["expert"].widget.attrs["class"] = "form-select"
        self.fields["expert"].label_from_instance = lambda m: f"{m.user.full_name} ({m.discipline.name})"


class AdviceForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=AdviceRecommendation.choices)
    advice = forms.CharField(label=_("Advice"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices)
    funding_category = forms.ChoiceField(
        label=_("Funding category (SO)"), choices=[("", "—"), *FundingCategory.choices], required=False
    )
    starts_on = forms.DateField(label=_("TLV valid from"), widget=DATE, required=False)
    ends_on = forms.DateField(
        label=_("TLV valid until"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for the partnership's default (31 July after the default number of school years)."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, initial=timezone.localdate)
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 8}), max_length=6000)

    def __init__(self, *args, is_tlv=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_tlv = is_tlv

    def clean(self):
        data = super().clean()
        granted = data.get("outcome") in (DecisionOutcome.GRANTED, DecisionOutcome.GRANTED_OTHER)
        if self.is_tlv and granted and not data.get("starts_on"):
            self.add_error("starts_on", _("A granted TLV needs a start date."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The end date must be after the start date."))
        return data


class VoteForm(forms.Form):
    request = forms.UUIDField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Vote"),
        choices=VoteChoice.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("Vote")}),
    )

    @classmethod
    def for_request(cls, request: Request) -> VoteForm:
        # One per planned request on the meeting page: no ids, so none repeats.
        return cls(initial={"request": request.uuid}, auto_id=False)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    members_present: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Members present"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = members
        advisory = _("advisory")
        self.fields["members_present"].label_from_instance = lambda m: (
            f"{m.user.full_name} – {m.get_role_display()}" + ("" if m.votes else f" ({advisory})")
        )


class ObjectionCreateForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["received_on", "objector", "grounds"]
        widgets = {"received_on": DATE, "grounds": forms.Textarea(attrs={"rows": 5})}


class ObjectionUpdateForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    revised_outcome = forms.ChoiceField(
        label=_("Revised decision"), choices=[("", "—"), *DecisionOutcome.choices], required=False
    )
    revised_funding_category = forms.ChoiceField(
        label=_("Funding category (SO)"), choices=[("", "—"), *FundingCategory.choices], required=False
    )
    revised_starts_on = forms.DateField(label=_("TLV valid from"), widget=DATE, required=False)
    revised_ends_on = forms.DateField(label=_("TLV valid until"), widget=DATE, required=False)
    revised_motivation = forms.CharField(
        label=_("Motivation of the revised decision"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    class Meta:
        model = Objection
        fields = [
            "lbt_advice_requested_on",
            "lbt_advice_received_on",
            "hearing_on",
            "hearing_report",
            "extension_weeks",
            "extension_reason",
            "outcome",
            "decided_on",
        ]
        widgets = {
            "lbt_advice_requested_on": DATE,
            "lbt_advice_received_on": DATE,
            "hearing_on": DATE,
            "decided_on": DATE,
            "hearing_report": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        if data.get("extension_weeks") and data["extension_weeks"] > 6:
            self.add_error("extension_weeks", _("The decision on an objection can be postponed by at most six weeks."))
        if data.get("outcome") in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY_UPHELD):
            if not data.get("revised_outcome"):
                self.add_error("revised_outcome", _("An upheld objection needs the revised decision."))
            if not (data.get("revised_motivation") or "").strip():
                self.add_error("revised_motivation", _("Give the motivation of the revised decision."))
        return data

    def revised(self) -> dict | None:
        d = self.cleaned_data
        if d.get("outcome") not in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY_UPHELD):
            return None
        return {
            "outcome": d["revised_outcome"],
            "funding_category": d.get("revised_funding_category") or "",
            "starts_on": d.get("revised_starts_on"),
            "ends_on": d.get("revised_ends_on"),
            "motivation": d["revised_motivation"],
        }


class RegisterFilterForm(forms.Form):
    school: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("School"), queryset=None, required=False)
    board: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("School board"), queryset=None, required=False)
    district: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("District"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *RequestKind.choices], required=False)

    def __init__(self, *args, schools=None, boards=None, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["board"].queryset = boards
        self.fields["district"].queryset = districts
        for name, empty in (("school", _("All schools")), ("board", _("All boards")), ("district", _("All districts"))):
            self.fields[name].empty_label = empty
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
