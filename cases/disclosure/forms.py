"""Forms of the right of access: the access log's filter, recording a request, extending it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.disclosure import rules
from cases.disclosure.models import AccessRequestVia
from cases.disclosure.selectors import AccessLogFilter
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.dates import DateInput, not_future
from ot_portal.core.models import AccessLog

PUPIL_CHOICE = "pupil"


class AccessLogFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Kind"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All")), ("allowed", _("Allowed")), ("refused", _("Refused or not found"))],
    )

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("Everyone")), *people]
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("All kinds")), *AccessLog.Action.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> AccessLogFilter:
        if not self.is_bound or not self.is_valid():
            return AccessLogFilter()
        d = self.cleaned_data
        return AccessLogFilter(
            since=d.get("since"),
            until=d.get("until"),
            user_id=d.get("person"),
            action=d.get("action") or "",
            outcome=d.get("outcome") or "",
        )


class AccessRequestForm(forms.Form):
    """An inzageverzoek that came by letter, e-mail or in person, recorded by staff."""

    requester = forms.ChoiceField(label=_("Who asks"))
    via = forms.ChoiceField(
        label=_("How did the request come in"),
        choices=[c for c in AccessRequestVia.choices if c[0] != AccessRequestVia.PORTAL],
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, pupil: Pupil, guardians: Iterable[Guardian], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guardians = {str(g.uuid): g for g in guardians}
        choices: list[tuple[str, StrOrPromise]] = [(key, g.name) for key, g in self.guardians.items()]
        if rules.pupil_decides(pupil.age_on()):
            choices.append((PUPIL_CHOICE, _("The pupil (16 or older)")))
        cast(forms.ChoiceField, self.fields["requester"]).choices = choices

    def clean_received_on(self) -> date | None:
        return not_future(self.cleaned_data.get("received_on"))

    def requester_kwargs(self) -> dict[str, Any]:
        value = self.cleaned_data["requester"]
        if value == PUPIL_CHOICE:
            return {"pupil_self": True}
        return {"guardian": self.guardians[value]}


class ExtensionForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Extend by"),
        coerce=int,
        choices=[(1, _("one month")), (2, _("two months"))],
    )
    reason = forms.CharField(
        label=_("Reason (the requester is told)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
