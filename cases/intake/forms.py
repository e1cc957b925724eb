"""Forms of the intake (the zorgformulier by which a pupil is registered for the OT)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cases.intake.models import ConcernArea, Intake
from cases.intake.selectors import intake_pupils_for_user
from cases.intake.services import INTAKE_FIELDS
from cases.pupils.models import Pupil
from ot_portal.core.dates import DateInput, not_future
from ot_portal.core.forms import RequiredOnSubmitMixin
from ot_portal.core.models import User

#: The id of the picker's search box: the error summary's link for the pupil goes there.
PUPIL_SEARCH_ID = "pupil-q"


class PupilPickerInput(forms.Widget):
    """The pupil is chosen from search results (radio buttons named `pupil`, one per match) that
    the intake page renders itself (cases/_pupil_picker.html), so the school's pupils are never
    listed at once. Labels and the error summary point at the search box."""

    def id_for_label(self, id_: str) -> str:
        return PUPIL_SEARCH_ID

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        raise NotImplementedError("the intake page renders the pupil picker itself")


class IntakeForm(RequiredOnSubmitMixin, forms.ModelForm[Intake]):
    pupil: forms.ModelChoiceField[Pupil] = forms.ModelChoiceField(
        label=_("Pupil"), queryset=None, to_field_name="uuid", widget=PupilPickerInput, empty_label=None
    )
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

    def __init__(self, *args: Any, user: User, marked_required: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Pupil]", self.fields["pupil"]).queryset = intake_pupils_for_user(user=user)
        # Fields needed to submit are marked before validation builds the bound fields, so the
        # marker stays on a page with errors too.
        for name in marked_required:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-required"] = "true"
                self.fields[name].label = f"{self.fields[name].label} *"
        for name in self.required_on_submit:
            self.fields[name].error_messages["required"] = _("This field is required to submit the intake.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_group_discussion_on(self) -> date | None:
        return not_future(self.cleaned_data.get("group_discussion_on"))

    def clean_pupil_discussion_on(self) -> date | None:
        return not_future(self.cleaned_data.get("pupil_discussion_on"))
