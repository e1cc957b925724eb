"""Session lifetime, two-factor enforcement, cache headers for pages with pupil data, and the change
log's client address."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ot_portal.core.net import client_ip

_LOGIN_AT = "ot_login_at"
_SEEN_AT = "ot_seen_at"
#: The idle time-out (SESSION_COOKIE_AGE) runs from the session's last save; saving it at most
#: this often keeps the time-out within a minute without a database write on every request.
SESSION_TOUCH_SECONDS = 60


def start_session_clocks(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """At sign-in (user_logged_in), which saves the session anyway: start the absolute and the idle
    clock, so the first page after it writes nothing."""
    now = time.time()
    request.session[_LOGIN_AT] = now
    request.session[_SEEN_AT] = now


class AbsoluteSessionTimeoutMiddleware:
    """End a session a fixed time after sign-in, however active it is (Django has only idle expiry),
    and keep an active session alive by saving it at most once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(_LOGIN_AT)
            now = time.time()
            if started is None:
                request.session[_LOGIN_AT] = now
            elif now - started > settings.OT_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            if now - request.session.get(_SEEN_AT, 0) >= SESSION_TOUCH_SECONDS:
                request.session[_SEEN_AT] = now  # saves the session: the idle time-out starts again
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Send users who can see pupil data to TOTP set-up until they have it (when required)."""

    allowed_prefixes = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.OT_REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and needs_two_factor(request.user)
        ):
            messages.warning(request, _("Set up two-factor sign-in before you continue."))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def needs_two_factor(user: object) -> bool:
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class NoStoreMiddleware:
    """Pages of signed-in users may show pupil data: never keep them in a browser or proxy cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        if request.path == reverse("account_logout") and request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware with the portal's client address (it takes the first,
    client-chosen X-Forwarded-For entry) and without the client-chosen X-Forwarded-Port."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return None if settings.AUDITLOG_DISABLE_REMOTE_ADDR else client_ip(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> None:
        return None
