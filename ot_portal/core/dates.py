"""Dates, one rule for all of them: a date a user types must be plausible.

Every forms.DateField gets `plausible_date` as a validator (installed once by the core's
AppConfig.ready), so year 0001 or 9999 never reaches the database, whichever form it comes from:
no date before 1 January 1900 and none more than FUTURE_YEARS years ahead (a TLV runs two school
years; nothing in the product plans further). Forms tighten it where the domain says so
(`not_future` for what has already happened: a consultation, an evaluation, a birth date).
The date widget (`DateInput`) renders the browser's date picker with the same bounds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ot_portal.core.formats import date_prose

EARLIEST = date(1900, 1, 1)
FUTURE_YEARS = 5


def latest_plausible(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today.replace(year=today.year + FUTURE_YEARS, day=28 if (today.month, today.day) == (2, 29) else today.day)


@deconstructible
class PlausibleDateValidator:
    code = "implausible_date"

    def __call__(self, value: object) -> None:
        if not isinstance(value, date):
            return
        if value < EARLIEST:
            raise ValidationError(
                _("This date is too far in the past. Enter a date from %(earliest)s onwards."),
                code=self.code,
                params={"earliest": date_prose(EARLIEST)},
            )
        latest = latest_plausible()
        if value > latest:
            raise ValidationError(
                _("This date is too far ahead. Enter a date up to %(latest)s."),
                code=self.code,
                params={"latest": date_prose(latest)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDateValidator)


plausible_date = PlausibleDateValidator()


def install_form_validator() -> None:
    """Make `plausible_date` a validator of every forms.DateField (and its subclasses)."""
    if plausible_date not in forms.DateField.default_validators:
        forms.DateField.default_validators = [*forms.DateField.default_validators, plausible_date]


class DateInput(forms.DateInput):
    """The browser's date picker, bounded like `plausible_date`."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {"min": EARLIEST.isoformat(), "max": latest_plausible().isoformat(), **(attrs or {})}
        return super().get_context(name, value, attrs)


def not_future(value: date | None, message: StrOrPromise | None = None) -> date | None:
    if value and value > timezone.localdate():
        raise ValidationError(message or _("This date cannot be in the future."))
    return value
