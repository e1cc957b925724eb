"""Forms of actions (agreed actions: owner, due date, overdue, completion, reminders,
escalation)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions.models import Action, ActionStatus
from cases.actions.rules import due_on_error, owner_errors
from cases.casefile.models import Case
from cases.casefile.selectors import regie_candidates
from ot_portal.core.dates import DateInput, not_future
from ot_portal.core.forms import choices_from
from ot_portal.core.models import User


class ActionForm(forms.Form):
    prefix: str | None = "action"
    description = forms.CharField(label=_("What"), max_length=500)
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Owner (OT member)"), queryset=None, required=False, empty_label=_("Choose a person")
    )
    external_owner_name = forms.CharField(label=_("or external owner: name"), max_length=150, required=False)
    external_owner_organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    external_owner_email = forms.EmailField(label=_("E-mail"), required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, case: Case, candidates: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.owner_field
        owner.label_from_instance = lambda obj: obj.full_name  # type: ignore[method-assign]  # names, not e-mails
        if candidates is None:
            owner.queryset = regie_candidates(case=case)
        else:  # the case page reads the candidates once for this form and RegieForm
            choices_from(owner, User, candidates)

    @property
    def owner_field(self) -> forms.ModelChoiceField[User]:
        return cast("forms.ModelChoiceField[User]", self.fields["owner"])

    def clean_due_on(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_on")
        error = due and due_on_error(due_on=due, today=timezone.localdate())
        if error:
            raise ValidationError(error)
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for field, message in owner_errors(
            has_member_owner=bool(data.get("owner")),
            external_name=data.get("external_owner_name", ""),
            external_email=data.get("external_owner_email", ""),
        ).items():
            self.add_error(field, message)
        return data


class ActionEditForm(ActionForm):
    """Change an open action. Hidden initial values record what the user saw when opening the
    form, so a conflict can show field by field what someone else changed meanwhile."""

    prefix = None  # alone on its own page

    TRACKED = (
        "description",
        "owner",
        "external_owner_name",
        "external_owner_organisation",
        "external_owner_email",
        "due_on",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        self.action = action
        super().__init__(*args, case=action.case, **kwargs)
        if action.owner_id:
            # Keep the current owner choosable even when no longer a regie candidate.
            candidates = self.owner_field.queryset
            self.owner_field.queryset = User.objects.filter(
                Q(pk__in=candidates.values("pk") if candidates is not None else []) | Q(pk=action.owner_id)
            ).order_by("full_name")
        for name in self.TRACKED:
            self.fields[name].show_hidden_initial = True

    def clean_due_on(self) -> date | None:
        due: date | None = self.cleaned_data.get("due_on")
        if due and due == self.action.due_on:
            return due  # an overdue action keeps its date while the description changes
        return super().clean_due_on()

    def seen_value(self, name: str) -> Any:
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

    @classmethod
    def to_finish(cls, action: Action) -> ActionStatusForm:
        """The "finish" form under one open action on the case page: done (today, the service's
        default) with a result. The ids carry the action, the field names stay plain."""
        form = cls(initial={"status": ActionStatus.DONE}, auto_id=f"res-{action.uuid.hex}-%s")
        form.fields["status"].widget = forms.HiddenInput()
        form.fields["result"].widget.attrs["class"] = "form-control form-control-sm mb-1"
        return form

    def clean_done_on(self) -> date | None:
        return not_future(self.cleaned_data.get("done_on"))
