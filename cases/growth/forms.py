"""Forms of the groeidocument (needs, factors, goals with HGW evaluations, the OPP and its
history)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cases.growth.models import GoalEvaluation, GrowthDocument, GrowthGoal
from ot_portal.core.dates import DateInput, not_future


class GrowthDocumentForm(forms.ModelForm[GrowthDocument]):
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
                    "opp_next_evaluation_on",
                }
            },
            "opp_next_evaluation_on": DateInput(),
        }

    def _post_clean(self) -> None:
        # The service applies the values and runs full_clean(); don't touch the instance here.
        pass


class GrowthGoalForm(forms.ModelForm[GrowthGoal]):
    prefix = "goal"

    class Meta:
        model = GrowthGoal
        fields = ["goal", "phase", "analysis", "approach", "starts_on", "evaluate_on"]
        widgets = {
            "starts_on": DateInput(),
            "evaluate_on": DateInput(),
            "analysis": forms.Textarea(attrs={"rows": 2}),
            "approach": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("evaluate_on") and data.get("starts_on") and data["evaluate_on"] < data["starts_on"]:
            self.add_error("evaluate_on", _("The evaluation date cannot be before the start date."))
        return data

    def _post_clean(self) -> None:
        pass


class GoalEvaluationForm(forms.ModelForm[GoalEvaluation]):
    class Meta:
        model = GoalEvaluation
        fields = ["evaluated_on", "text", "goal_reached"]
        widgets = {
            "evaluated_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
            "goal_reached": forms.NullBooleanSelect(),
        }

    @classmethod
    def for_goal(cls, goal: GrowthGoal, data: QueryDict | None = None, **kwargs: Any) -> GoalEvaluationForm:
        """One form per goal on the groeidocument page: the goal's own prefix keeps the field ids
        unique there, and the evaluate view reads the same prefix."""
        return cls(data, prefix=f"evaluation-{goal.uuid.hex}", **kwargs)

    def clean_evaluated_on(self) -> date | None:
        return not_future(self.cleaned_data.get("evaluated_on"))

    def _post_clean(self) -> None:
        pass
