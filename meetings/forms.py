"""Forms of the meetings app: input validation only; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions.rules import due_on_error, owner_errors
from cases.models import InterventionLevel
from meetings.models import (
    AgendaItem,
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
    school: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("School"), queryset=None
    )
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


class MeetingRowForm(MeetingForm):
    """One date of the year plan's meeting schedule; a row left empty is skipped."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for name in ("date", "start_time"):
            self.fields[name].required = False
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("date") and not data.get("start_time") and "start_time" not in self.errors:
            self.add_error("start_time", _("Give the start time."))
        elif (data.get("start_time") or data.get("place")) and not data.get("date") and "date" not in self.errors:
            self.add_error("date", _("Give the date."))
        return data

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day is None:
            return day
        day = super().clean_date()
        if not self.plan.school_year.contains(day):
            raise forms.ValidationError(_("The date falls outside the school year of the year plan."))
        return day


class BaseMeetingFormSet(forms.BaseFormSet):
    def clean(self):
        """The same date twice in the list is marked on the later row."""
        seen = set()
        for form in self.forms:
            day = getattr(form, "cleaned_data", {}).get("date")
            if day in seen:
                form.add_error("date", _("This date is already in the list above."))
            elif day:
                seen.add(day)


MeetingFormSet = forms.formset_factory(
    MeetingRowForm, formset=BaseMeetingFormSet, extra=8, max_num=20, validate_max=True
)


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
    case: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("Case"), queryset=None, to_field_name="uuid"
    )
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
    """The preparation checklist of one case item."""

    parents_consulted = forms.BooleanField(label=_("Parents consulted beforehand"), required=False)
    teacher_invited = forms.BooleanField(label=_("Teacher invited"), required=False)
    growth_doc_current = forms.BooleanField(label=_("Growth document up to date"), required=False)

    @classmethod
    def for_item(cls, item: AgendaItem) -> PreparationForm:
        """The checklist as the item stands, for the meeting page: one per item there, so the ids
        carry the item (the field names stay plain, the prepare view reads them as they are)."""
        form = cls(
            initial={name: getattr(item, name) for name in cls.base_fields},
            auto_id=f"prep-{item.uuid.hex}-%s",
        )
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-check-input"
        return form


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices)
    user = UserChoiceField(label=_("Member"), queryset=None, required=False)
    name = forms.CharField(label=_("Name (guest without account)"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=150)
    item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
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
    """The minutes of one case item; its actions and interventions are the formsets below."""

    parents_presence = forms.ChoiceField(label=_("Parents"), choices=ParentsPresence.choices)
    attendance = forms.CharField(label=_("Also present"), required=False, max_length=300)
    conclusions = forms.CharField(label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    escalation = forms.ChoiceField(label=_("Escalation"), choices=Escalation.choices, required=False)
    regie = UserChoiceField(label=_("Who has regie"), queryset=None, required=False)
    next_evaluation_on = forms.DateField(label=_("Next evaluation"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, regie_candidates, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["regie"].queryset = regie_candidates

    def clean(self):
        data = super().clean()
        next_eval = data.get("next_evaluation_on")
        if next_eval and next_eval < self.meeting.date:
            self.add_error("next_evaluation_on", _("The next evaluation cannot be before the meeting."))
        return data


class MinutesInterventionForm(forms.Form):
    """One agreed intervention; a row left empty is skipped."""

    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Choose…")), *InterventionLevel.choices], required=False
    )
    description = forms.CharField(label=_("Agreed intervention"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if bool(data.get("description")) != bool(data.get("level")):
            self.add_error("description", _("Give both the intervention and its level."))
        return data


class MinutesActionForm(forms.Form):
    """One new action with its owner (an OT member, or someone without an account) and due date.
    A row left empty is skipped; the rules are cases.actions.rules, as on the case page."""

    description = forms.CharField(label=_("New action"), required=False, max_length=500)
    owner = UserChoiceField(label=_("Owner (OT member)"), queryset=None, required=False)
    external_name = forms.CharField(label=_("Or external owner: name"), required=False, max_length=150)
    external_organisation = forms.CharField(label=_("Organisation"), required=False, max_length=150)
    external_email = forms.EmailField(label=_("E-mail of external owner"), required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, members, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"].queryset = members

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in ("description", "owner", "external_name", "external_email", "due_on")):
            return data
        if not data.get("description"):
            self.add_error("description", _("Describe the action."))
        errors = owner_errors(
            has_member_owner=bool(data.get("owner")),
            external_name=data.get("external_name", ""),
            external_email=data.get("external_email", ""),
        )
        for field, message in errors.items():
            self.add_error(MINUTES_ACTION_FIELDS[field], message)
        due = data.get("due_on")
        if not due:
            self.add_error("due_on", _("An action needs a due date."))
        elif error := due_on_error(due_on=due, today=timezone.localdate(), agreed_on=self.meeting.date):
            self.add_error("due_on", error)
        return data

    @property
    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", None) and self.cleaned_data.get("description"))


MinutesInterventionFormSet = forms.formset_factory(MinutesInterventionForm, extra=2, max_num=10, validate_max=True)
MinutesActionFormSet = forms.formset_factory(MinutesActionForm, extra=3, max_num=15, validate_max=True)


class CorrectionForm(forms.Form):
    item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("About case item"), queryset=None, required=False, to_field_name="uuid"
    )
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: _("Item %(n)s") % {"n": item.position}


class HandoverForm(forms.Form):
    school: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        empty_label=_("Choose…"), label=_("School"), queryset=None, to_field_name="uuid"
    )
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
