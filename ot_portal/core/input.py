"""Hostile input, refused in one place: control characters (NUL first of all, which PostgreSQL text
cannot hold) never reach a query or the database.

- In query parameters: `ControlCharacterMiddleware` answers 400 with the Dutch error page before any
  view runs.
- In form fields: `reject_control_characters` is every text form field's first validator (installed
  once by the core's AppConfig.ready), so the form shows a Dutch error at the field and keeps what
  was typed. Tab, line feed and carriage return stay allowed in text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: C0 controls except tab, line feed and carriage return; DEL; and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


@deconstructible
class ControlCharacterValidator:
    message = _("This text contains invisible control characters. Remove them and try again.")
    code = "control_characters"

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlCharacterValidator)


reject_control_characters = ControlCharacterValidator()


def install_form_validator() -> None:
    """Make the control-character check the first validator of every forms.CharField (and its
    subclasses without validators of their own, e.g. the fields behind Textarea and TextInput)."""
    if reject_control_characters not in forms.CharField.default_validators:
        forms.CharField.default_validators = [reject_control_characters, *forms.CharField.default_validators]


class ControlCharacterMiddleware:
    """400 for a request whose query string holds control characters (in a name or a value)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            has_control_characters(k) or any(has_control_characters(v) for v in vs) for k, vs in request.GET.lists()
        ):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
