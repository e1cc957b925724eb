"""Form helpers shared by every app."""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_validation_errors(form: forms.Form, exc: ValidationError) -> None:
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
