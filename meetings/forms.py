"""Forms of the meetings app: input validation only; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions.rules import due_on_error, owner_errors
from cases.models import InterventionLevel
from meetings.models import (
    Escalation,
    ParentsPresence,
    ParticipantKind,
    Task,
    ThemeTopic,
)
from meetings.services import MINUTES_ACTION_FIELDS
from ot_portal.core.dates import DateInput
from ot_portal.core.models import SchoolYear


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class UserChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Choose…"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.organisation})" if obj.organisation else obj.full_name


class YearPlanCreateForm(forms.Form):
    school = forms.ModelChoiceField(empty_label=_("Choose…"), label=_("School"), queryset=None)
    start_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)
    composition = forms.CharField(
        label=_("Composition of the OT this year"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )
    copy_previous = forms.BooleanField(
        label=_("Start from a copy of last year's plan"),
        required=False,
        help_text=_("Copies goals, composition, tasks and meeting dates (moved one year on)."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        this = SchoolYear.start_year_for(timezone.localdate())
        self.fields["start_year"].choices = [(y, f"{y}-{y + 1}") for y in (this, this + 1)]


class YearPlanForm(forms.Form):
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000)
    composition = forms.CharField(
        label=_("Composition of the OT this year"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskForm(forms.Form):
    user = UserChoiceField(label=_("Member"), queryset=None)
    task = forms.ChoiceField(label=_("Task"), choices=Task.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=150)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A meeting cannot be planned in the past."))
        return day


class MeetingEditForm(MeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day == self.initial.get("date"):
            return day  # a past meeting keeps its date; only moving into the past is refused
        return super().clean_date()


class ThemeForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=ThemeTopic.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    preventive_agreements = forms.CharField(
        label=_("Preventive agreements"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )


class AgendaItemForm(forms.Form):
    case = forms.ModelChoiceField(empty_label=_("Choose…"), label=_("Case"), queryset=None, to_field_name="uuid")
    by_name = forms.BooleanField(
        label=_("Discuss by name"),
        required=False,
        help_text=_("Only possible while the parents' consent covers discussion in the OT; otherwise anonymously."),
    )
    question = forms.CharField(
        label=_("Question for the OT"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("For an anonymous item: no name, initials, date of birth or group."),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = self._label

    @staticmethod
    def _label(case):
        consent = _("consent for the OT") if getattr(case, "may_name", False) else _("no consent: anonymous only")
        return f"{case.pupil.full_name} – {consent}"


class PreparationForm(forms.Form):
    parents_consulted = forms.BooleanField(label=_("Parents consulted beforehand"), required=False)
    teacher_invited = forms.BooleanField(label=_("Teacher invited"), required=False)
    growth_doc_current = forms.BooleanField(label=_("Growth document up to date"), required=False)


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices)
    user = UserChoiceField(label=_("Member"), queryset=None, required=False)
    name = forms.CharField(label=_("Name (guest without account)"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=150)
    item = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("For case item"), queryset=None, required=False, to_field_name="uuid"
    )

    def __init__(self, *args, members, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: _("Item %(n)s") % {"n": item.position}

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("name"):
            raise forms.ValidationError(_("Choose a member or enter a name."))
        if data.get("kind") in (
            ParticipantKind.PARENT,
            ParticipantKind.TEACHER,
            ParticipantKind.EXTERNAL,
        ) and not data.get("item"):
            self.add_error("item", _("A guest joins for one case item."))
        return data


class EvaluationForm(forms.Form):
    evaluation_notes = forms.CharField(
        label=_("Evaluation and reflection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("How did the cases go, and how does the OT work together?"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MinutesForm(forms.Form):
    parents_presence = forms.ChoiceField(label=_("Parents"), choices=ParentsPresence.choices)
    attendance = forms.CharField(label=_("Also present"), required=False, max_length=300)
    conclusions = forms.CharField(label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    intervention_level = forms.ChoiceField(
        label=_("Agreed intervention: level"), choices=[("", _("Choose…")), *InterventionLevel.choices], required=False
    )
    intervention = forms.CharField(label=_("Agreed intervention"), required=False, max_length=500)
    escalation = forms.ChoiceField(label=_("Escalation"), choices=Escalation.choices, required=False)
    regie = UserChoiceField(label=_("Who has regie"), queryset=None, required=False)
    next_evaluation_on = forms.DateField(label=_("Next evaluation"), required=False, widget=DateInput())
    action_description = forms.CharField(label=_("New action"), required=False, max_length=500)
    action_owner = UserChoiceField(label=_("Owner (OT member)"), queryset=None, required=False)
    action_external_name = forms.CharField(label=_("Or external owner: name"), required=False, max_length=150)
    action_external_organisation = forms.CharField(label=_("Organisation"), required=False, max_length=150)
    action_external_email = forms.EmailField(label=_("E-mail of external owner"), required=False)
    action_due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members, regie_candidates, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["regie"].queryset = regie_candidates
        self.fields["action_owner"].queryset = members

    def clean(self):
        data = super().clean()
        if bool(data.get("intervention")) != bool(data.get("intervention_level")):
            self.add_error("intervention", _("Give both the intervention and its level."))
        next_eval = data.get("next_evaluation_on")
        if next_eval and next_eval < self.meeting.date:
            self.add_error("next_evaluation_on", _("The next evaluation cannot be before the meeting."))
        action_fields = ("action_description", "action_owner", "action_external_name", "action_due_on")
        if any(data.get(f) for f in action_fields):
            if not data.get("action_description"):
                self.add_error("action_description", _("Describe the action."))
            errors = owner_errors(
                has_member_owner=bool(data.get("action_owner")),
                external_name=data.get("action_external_name", ""),
                external_email=data.get("action_external_email", ""),
            )
            for field, message in errors.items():
                self.add_error(MINUTES_ACTION_FIELDS[field], message)
            due = data.get("action_due_on")
            if not due:
                self.add_error("action_due_on", _("An action needs a due date."))
            elif error := due_on_error(due_on=due, today=timezone.localdate(), agreed_on=self.meeting.date):
                self.add_error("action_due_on", error)
        return data


class CorrectionForm(forms.Form):
    item = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("About case item"), queryset=None, required=False, to_field_name="uuid"
    )
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: _("Item %(n)s") % {"n": item.position}


class HandoverForm(forms.Form):
    school = forms.ModelChoiceField(empty_label=_("Choose…"), label=_("School"), queryset=None, to_field_name="uuid")
    leaving = UserChoiceField(label=_("Member who leaves or is replaced"), queryset=None, to_field_name="uuid")
    successor = UserChoiceField(label=_("Successor"), queryset=None, to_field_name="uuid")
    note = forms.CharField(label=_("Handover note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)

    def __init__(self, *args, schools, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["leaving"].queryset = users
        self.fields["successor"].queryset = users

    def clean(self):
        data = super().clean()
        if data.get("leaving") and data.get("leaving") == data.get("successor"):
            self.add_error("successor", _("The successor must be someone else."))
        return data
