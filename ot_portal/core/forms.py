"""Form helpers shared by every app."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import Model
from django.http import HttpRequest


class RequiredOnSubmitMixin(forms.BaseForm):
    """For a form that may be saved as an incomplete draft but needs more fields to be submitted.

    Pass ``required_on_submit=[names]`` when the user submits (an empty list for a draft): a
    missing one becomes a field error in the same pass as the form's own checks, so the user
    sees every error at once instead of one batch per try. Each such field is marked
    ``aria-required`` and keeps the label the view gives it.
    """

    def __init__(self, *args: Any, required_on_submit: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.required_on_submit = [name for name in required_on_submit if name in self.fields]
        for name in self.required_on_submit:
            self.fields[name].widget.attrs["aria-required"] = "true"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:
            data = self.cleaned_data
        for name in self.required_on_submit:
            if name not in self.errors and data.get(name) in EMPTY_VALUES:
                self.add_error(name, self.fields[name].error_messages["required"])
        return data


def add_validation_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors at their field (or on top when
    the form has no such field), everything else as a form error. What the user typed stays."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@contextmanager
def service_messages(request: HttpRequest, *, success: str) -> Iterator[None]:
    """Run a service call for a small POST form: its ValidationError becomes Dutch error messages
    on the next page, a clean run a success message. Used where the page redirects either way."""
    try:
        yield
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


def choices_from[M: Model](field: forms.ModelChoiceField[M], model: type[M], objects: list[M]) -> None:
    """Offer and accept exactly rows already read, so two forms on one page that offer the same
    people read them once: the choices are rendered from `objects`, and the queryset that validates
    the input is those rows by primary key (no second copy of the query that found them)."""
    field.queryset = model._default_manager.filter(pk__in=[obj.pk for obj in objects])
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in objects]
