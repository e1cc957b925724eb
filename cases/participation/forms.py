"""Forms of participation: the IB's invitation, the code, the participant's answers and texts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from cases.consent import rules as consent_rules
from cases.consent.models import Consent, item_label
from cases.participation import rules
from cases.participation.selectors import ConsentItem
from cases.participation.services import askable_items
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.dates import DateInput

PUPIL_CHOICE = "pupil"


class InvitationForm(forms.Form):
    """Whom to invite (a guardian with parental authority, or the pupil from 12) and what to ask."""

    who = forms.ChoiceField(label=_("Invite"), widget=forms.RadioSelect)
    pupil_email = forms.EmailField(
        label=_("The pupil's e-mail address"), required=False, help_text=_("Only when you invite the pupil.")
    )
    asked_items = forms.MultipleChoiceField(
        label=_("What the invitation asks consent for"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, pupil: Pupil, current: Consent | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.guardians = {str(g.uuid): g for g in pupil.guardians.all() if g.has_authority}
        choices: list[tuple[str, StrOrPromise]] = [
            (key, f"{g.name}" + (f" ({g.relation})" if g.relation else "") + (f" — {g.email}" if g.email else ""))
            for key, g in self.guardians.items()
        ]
        if pupil.age_on() >= 12:
            choices.append((PUPIL_CHOICE, _("The pupil (from 12 years)")))
        cast(forms.ChoiceField, self.fields["who"]).choices = choices
        cast(forms.ChoiceField, self.fields["asked_items"]).choices = [
            (item, capfirst(item_label(item))) for item in askable_items()
        ]
        self.fields["asked_items"].initial = current.asked_items if current and current.asked_items else askable_items()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("who") == PUPIL_CHOICE and not data.get("pupil_email"):
            self.add_error("pupil_email", _("Give the pupil's e-mail address."))
        return data

    @property
    def guardian(self) -> Guardian | None:
        return self.guardians.get(self.cleaned_data.get("who") or "")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


ANSWER_CHOICES = [(consent_rules.YES, _("Yes, I agree")), (consent_rules.NO, _("No, I do not agree"))]


class ConsentAnswerForm(forms.Form):
    """One question per item; an item left open keeps its earlier answer."""

    def __init__(self, *args: Any, items: Iterable[ConsentItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for entry in items:
            self.fields[f"item_{entry.item}"] = forms.ChoiceField(
                label=entry.title,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=entry.my_answer or None,
            )

    def answers(self) -> dict[str, str]:
        return {name.removeprefix("item_"): value for name, value in self.cleaned_data.items() if value}


class ViewForm(forms.Form):
    text = forms.CharField(
        label=_("Your view"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 3000 characters. The school reads what you write here."),
    )


class OppAnswerForm(forms.Form):
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    answer = forms.ChoiceField(
        label=_("Do you agree with the action part?"),
        choices=[
            (rules.AGREE, pgettext_lazy("opp", "Yes, I agree")),
            (rules.DISAGREE, pgettext_lazy("opp", "No, I do not agree")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why? (needed when you do not agree)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("answer") == rules.DISAGREE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tell the school why you do not agree."))
        return data


class OppPaperForm(forms.Form):
    """The school records a paper agreement of one holder of authority (signed form uploaded)."""

    guardian = forms.ChoiceField(label=_("Parent"))
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[(rules.AGREE, _("Agreed")), (rules.DISAGREE, _("Did not agree"))]
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    answered_on = forms.DateField(label=_("Signed on"), widget=DateInput(), initial=timezone.localdate)
    signed_form = forms.FileField(label=_("Signed form (PDF or image)"))

    def __init__(self, *args: Any, pupil: Pupil, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holders = {str(g.uuid): g for g in pupil.guardians.all() if g.has_authority}
        cast(forms.ChoiceField, self.fields["guardian"]).choices = [(k, g.name) for k, g in self.holders.items()]
