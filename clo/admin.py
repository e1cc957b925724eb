"""Only configuration is in the admin: the completeness checks a partnership requires per kind of
request. Requests, advices, decisions and objections hold pupil data and are never registered."""

from django import forms
from django.contrib import admin

from clo.checklist import CHECKS
from clo.models import CompletenessRequirement


class CompletenessRequirementForm(forms.ModelForm[CompletenessRequirement]):
    check_code = forms.ChoiceField(choices=[(code, check.label) for code, check in CHECKS.items()])

    class Meta:
        model = CompletenessRequirement
        fields = ["partnership", "kind", "check_code"]


@admin.register(CompletenessRequirement)
class CompletenessRequirementAdmin(admin.ModelAdmin[CompletenessRequirement]):
    form = CompletenessRequirementForm
    list_display = ["partnership", "kind", "check_code"]
    list_filter = ["partnership", "kind"]
