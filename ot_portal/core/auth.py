"""Sign-in adapter: accounts are created by the administrator or the staff import, never by sign-up.

It also gives allauth the portal's one notion of the client address (`ot_portal.core.net`) and
tells a blocked account, in Dutch, at what time it may try again.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ot_portal.core.net import client_ip

_LOGIN_FAILED = "login_failed"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            key = self._get_login_attempts_cache_key(request, **credentials)
            raise ValidationError(blocked_message(request, key=key), code="too_many_login_attempts") from exc

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        # Other paths to the same block (the two-factor step) do not know the bucket: give the
        # longest wait the limits allow, which is still a true answer to "when may I try again?".
        if code == "too_many_login_attempts":
            return ValidationError(blocked_message(None), code=code)
        error: ValidationError = super().validation_error(code, *args)
        return error


def _login_failed_rates() -> list[Any]:
    rates: list[Any] = get_rates(app="allauth.account", action=_LOGIN_FAILED)
    return rates


def retry_at(request: HttpRequest | None, *, key: str | None) -> float:
    """The moment (epoch seconds) every exhausted login-failure budget has a slot again.

    allauth keeps, per budget (per client address, per account), the times of recent failures
    newest first; a budget of n per d seconds opens again d seconds after its n-th newest entry.
    Without a request and key the longest window is the upper bound.
    """
    now = time.time()
    rates = _login_failed_rates()
    longest = max((rate.duration for rate in rates), default=0)
    if request is None or key is None:
        return now + longest
    until = now
    for rate in rates:
        cache_key = get_cache_key(request, app="allauth.account", action=_LOGIN_FAILED, rate=rate, key=key)
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            until = max(until, history[rate.amount - 1] + rate.duration)
    return until if until > now else now + longest


def blocked_message(request: HttpRequest | None, *, key: str | None = None) -> str:
    at = retry_at(request, key=key)
    minutes = max(1, math.ceil((at - time.time()) / 60))
    clock = timezone.localtime(datetime.fromtimestamp(math.ceil(at), tz=UTC)).strftime("%H:%M")
    return ngettext(
        "Too many failed sign-in attempts. You can try again from %(time)s (in %(minutes)d minute).",
        "Too many failed sign-in attempts. You can try again from %(time)s (in %(minutes)d minutes).",
        minutes,
    ) % {"minutes": minutes, "time": clock}


class SignInForm(LoginForm):
    """allauth's sign-in form with the portal's labels; the page renders it like every other form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""  # the page links to the reset after the button, in the tab order
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)  # the label says it; a placeholder would repeat it
