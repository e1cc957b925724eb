"""Forms of pupils (pupils, their enrolment in a group and their guardians (gezag))."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import Guardian, Pupil
from ot_portal.core.dates import DateInput, not_future
from ot_portal.core.models import School, SchoolGroup, SchoolYear


class PupilForm(forms.ModelForm[Pupil]):
    group: forms.ModelChoiceField[SchoolGroup] = forms.ModelChoiceField(
        label=_("Group this school year"), queryset=None, required=False, empty_label=_("No group")
    )

    class Meta:
        model = Pupil
        fields = ["pupil_number", "first_name", "last_name_prefix", "last_name", "date_of_birth"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.school = school
        year = SchoolYear.start_year_for(timezone.localdate())
        cast("forms.ModelChoiceField[SchoolGroup]", self.fields["group"]).queryset = SchoolGroup.objects.filter(
            school=school, school_year__start_year=year
        )

    def clean_date_of_birth(self) -> date | None:
        return not_future(self.cleaned_data.get("date_of_birth"), _("The date of birth cannot be in the future."))


class GuardianForm(forms.ModelForm[Guardian]):
    """One guardian row; an empty row (no name, nothing else typed) is skipped."""

    class Meta:
        model = Guardian
        fields = ["name", "relation", "email", "phone", "has_authority"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
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
