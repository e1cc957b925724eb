"""Which language a visitor reads: Dutch, unless they chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language on a first visit, so a browser set
to English showed the portal in English to people who never asked for it. Here the order is:

1. a signed-in user's choice, remembered on the account (`User.language`);
2. the language switch's cookie (a visitor who chose before signing in, or a user who never chose);
3. settings.LANGUAGE_CODE (Dutch). The Accept-Language header is never read.

The language switch (`language_set`, Django's set_language plus the account) stores the choice on
the account as well as in the cookie; at sign-in the account's choice is applied and written to the
cookie, so the sign-in page after signing out speaks the same language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ot_portal.core.models import User


def _supported(code: str | None) -> str | None:
    return code if code and code in dict(settings.LANGUAGES) else None


def chosen_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (code := _supported(user.language)):
        return code
    return _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE


def _set_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageMiddleware:
    """Replaces django.middleware.locale.LocaleMiddleware; sits after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # After the view: signing in (apply_account_language) may have changed user and language.
        code = chosen_language(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and _supported(user.language)
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code
        ):
            # The cookie follows the account, so the sign-in page after signing out stays in that language.
            _set_cookie(response, code)
        response.headers.setdefault("Content-Language", code)
        return response


def apply_account_language(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    """user_logged_in: the account's remembered language applies from the sign-in response on."""
    if code := _supported(user.language):
        translation.activate(code)
        request.LANGUAGE_CODE = code


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch: Django's set_language (cookie, safe redirect) and, for a signed-in
    user, the account."""
    response = set_language(request)
    code = _supported(request.POST.get("language"))
    if code and request.user.is_authenticated and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response
