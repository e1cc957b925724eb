"""Dates:"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_future(value, message=None):
    if value and value > timezone.localdate():
        raise ValidationError(message or _("This date cannot be in the future."))
    return value
