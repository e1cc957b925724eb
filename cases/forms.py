"""Forms of the cases app. They validate input; services do the writes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors
from cases.files import check_upload
from cases.models import (
    CONSENT_DISCIPLINES,
    ActionStatus,
    CareLevel,
    Case,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    ConcernArea,
    ConsentMethod,
    GoalEvaluation,
    GrowthDocument,
    GrowthGoal,
    Guardian,
    Intake,
    Intervention,
    Pupil,
)
from cases.services import INTAKE_FIELDS
from cases.workflow import allowed_next
from ot_portal.core.models import SchoolGroup, SchoolYear


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_future(value, message=None):
    if value and value > timezone.localdate():
        raise ValidationError(message or _("This date cannot be in the future."))
    return value


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"), choices=[("", "—"), *CaseOutcome.choices], required=False
    )
    reason = forms.CharField(label=_("Why"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, CaseStatus(s).label) for s in allowed_next(case.status)]

    def clean(self):
        data = super().clean()
        if data.get("to_status") == CaseStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome when closing a case."))
        return data


class CareLevelForm(forms.Form):
    care_level = forms.ChoiceField(label=_("Care level"), choices=CareLevel.choices)


class LeadForm(forms.Form):
    to_lead = forms.ModelChoiceField(label=_("New regie holder"), queryset=None, empty_label=_("Choose a person"))
    note = forms.CharField(
        label=_("Handover note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_lead"].queryset = selectors.lead_candidates(case=case)
        self.fields["to_lead"].label_from_instance = lambda u: (
            f"{u.full_name} {f'({u.organisation})' if u.organisation else ''}"
        )


class CaseNoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["kind", "occurred_on", "with_whom", "text"]
        widgets = {"occurred_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data.get("occurred_on"))


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["level", "description", "provider", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class InterventionEvaluationForm(forms.Form):
    evaluation = forms.CharField(label=_("Evaluation"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput(), initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput())

    def clean_evaluated_on(self):
        return _not_future(self.cleaned_data.get("evaluated_on"))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What"), max_length=500)
    owner = forms.ModelChoiceField(
        label=_("Owner (OT member)"), queryset=None, required=False, empty_label=_("Choose a person")
    )
    external_owner_name = forms.CharField(label=_("or external owner: name"), max_length=150, required=False)
    external_owner_organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    external_owner_email = forms.EmailField(label=_("E-mail"), required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.lead_candidates(case=case)
        self.fields["owner"].label_from_instance = lambda u: u.full_name

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("external_owner_name"):
            raise ValidationError(_("Choose an owner, or name an external owner."))
        if data.get("owner") and data.get("external_owner_name"):
            raise ValidationError(_("Choose either an OT member or an external owner, not both."))
        if data.get("external_owner_name") and not data.get("external_owner_email"):
            self.add_error("external_owner_email", _("An external owner needs an e-mail address for reminders."))
        return data


class ActionEditForm(ActionForm):
    """Change an open action. Hidden initial values record what the user saw when opening the
    form, so a conflict can show field by field what someone else changed meanwhile."""

    TRACKED = (
        "description",
        "owner",
        "external_owner_name",
        "external_owner_organisation",
        "external_owner_email",
        "due_on",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action, **kwargs):
        self.action = action
        super().__init__(*args, case=action.case, **kwargs)
        if action.owner_id:
            # Keep the current owner choosable even when no longer a regie candidate.
            candidates = self.fields["owner"].queryset
            self.fields["owner"].queryset = (
                candidates.model.objects.filter(Q(pk__in=candidates.values("pk")) | Q(pk=action.owner_id))
            ).order_by("full_name")
        for name in self.TRACKED:
            self.fields[name].show_hidden_initial = True

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due == self.action.due_on:
            return due  # an overdue action keeps its date while the description changes
        return super().clean_due_on()

    def seen_value(self, name: str):
        """The value of `name` as the user saw it when the form was opened."""
        field = self.fields[name]
        try:
            return field.to_python(self.data.get(self.add_initial_prefix(name)))
        except ValidationError:
            return None


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    result = forms.CharField(
        label=_("Result"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_done_on(self):
        return _not_future(self.cleaned_data.get("done_on"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image, Word or Excel; at most 10 MB)"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_third_party_report = forms.BooleanField(label=_("Report by a third party"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class PupilForm(forms.ModelForm):
    group = forms.ModelChoiceField(
        label=_("Group this school year"), queryset=None, required=False, empty_label=_("No group")
    )

    class Meta:
        model = Pupil
        fields = ["pupil_number", "first_name", "last_name_prefix", "last_name", "date_of_birth"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        year = SchoolYear.start_year_for(timezone.localdate())
        self.fields["group"].queryset = SchoolGroup.objects.filter(school=school, school_year__start_year=year)

    def clean_date_of_birth(self):
        return _not_future(self.cleaned_data.get("date_of_birth"), _("The date of birth cannot be in the future."))


class GuardianForm(forms.ModelForm):
    """One guardian row; an empty row (no name, nothing else typed) is skipped."""

    class Meta:
        model = Guardian
        fields = ["name", "relation", "email", "phone", "has_authority"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("name") and any(data.get(f) for f in ("relation", "email", "phone")):
            self.add_error("name", _("Fill in the name of the guardian."))
        return data


GuardianFormSet = forms.inlineformset_factory(
    Pupil,
    Guardian,
    form=GuardianForm,
    fields=["name", "relation", "email", "phone", "has_authority"],
    extra=2,
    max_num=4,
    can_delete=False,
)


class PupilLeftForm(forms.Form):
    left_on = forms.DateField(label=_("Left school on"), widget=DateInput(), initial=timezone.localdate)


class PupilImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file from the pupil administration"))


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
        self.fields["pupil"].queryset = selectors.pupil_search(user=user)
        self.fields["pupil"].label_from_instance = lambda p: f"{p.full_name} ({p.pupil_number})"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_group_discussion_on(self):
        return _not_future(self.cleaned_data.get("group_discussion_on"))

    def clean_pupil_discussion_on(self):
        return _not_future(self.cleaned_data.get("pupil_discussion_on"))


class GrowthDocumentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = GrowthDocument
        fields = list(GrowthDocument.TRACKED_FIELDS)
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in GrowthDocument.TRACKED_FIELDS
                if name
                not in {
                    "has_opp",
                    "opp_exit_destination",
                    "opp_parents_consented",
                    "opp_parents_consented_on",
                    "opp_next_evaluation_on",
                }
            },
            "opp_parents_consented_on": DateInput(),
            "opp_next_evaluation_on": DateInput(),
            "opp_parents_consented": forms.NullBooleanSelect(),
        }

    def clean(self):
        data = super().clean()
        if data.get("opp_parents_consented_on") and not data.get("opp_parents_consented"):
            self.add_error("opp_parents_consented_on", _("A consent date needs the parents' consent to be ticked."))
        if data.get("opp_parents_consented_on"):
            try:
                _not_future(data["opp_parents_consented_on"])
            except ValidationError as exc:
                self.add_error("opp_parents_consented_on", exc)
        return data

    def _post_clean(self):
        # The service applies the values and runs full_clean(); don't touch the instance here.
        pass


class GrowthGoalForm(forms.ModelForm):
    class Meta:
        model = GrowthGoal
        fields = ["goal", "phase", "analysis", "approach", "starts_on", "evaluate_on"]
        widgets = {
            "starts_on": DateInput(),
            "evaluate_on": DateInput(),
            "analysis": forms.Textarea(attrs={"rows": 2}),
            "approach": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("evaluate_on") and data.get("starts_on") and data["evaluate_on"] < data["starts_on"]:
            self.add_error("evaluate_on", _("The evaluation date cannot be before the start date."))
        return data

    def _post_clean(self):
        pass


class GoalEvaluationForm(forms.ModelForm):
    class Meta:
        model = GoalEvaluation
        fields = ["evaluated_on", "text", "goal_reached"]
        widgets = {
            "evaluated_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
            "goal_reached": forms.NullBooleanSelect(),
        }

    def clean_evaluated_on(self):
        return _not_future(self.cleaned_data.get("evaluated_on"))

    def _post_clean(self):
        pass
