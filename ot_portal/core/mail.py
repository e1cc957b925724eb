"""Outgoing mail that fails visibly but gracefully.

`SMTPBackend` is Django's SMTP backend that logs every failure (server unreachable, refused,
timed out) and raises one exception type, `MailDeliveryError`; `MailFailureMiddleware` turns that
into a Dutch message for the user instead of a server error. Senders that pass
`fail_silently=True` get the log entry and no exception. The log names the mail server and the
number of messages, never recipients or subjects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMessage
from django.core.mail.backends import smtp
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

logger = logging.getLogger("ot_portal.mail")


class MailDeliveryError(Exception):
    """The mail server did not accept the message(s); already logged."""


class SMTPBackend(smtp.EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        quiet, self.fail_silently = self.fail_silently, False
        try:
            return super().send_messages(email_messages)
        except OSError as exc:  # smtplib.SMTPException, refused/unreachable/timeout, TLS errors
            logger.error(
                "Mail not sent: %s:%s failed for %d message(s): %s: %s",
                self.host,
                self.port,
                len(email_messages),
                type(exc).__name__,
                exc,
            )
            if quiet:
                return 0
            raise MailDeliveryError(str(exc)) from exc
        finally:
            self.fail_silently = quiet


def mail_failed_message() -> str:
    return _(
        "The e-mail could not be sent because the mail server did not accept it. The error has been "
        "logged; please try again later or contact the functional administrator."
    )


class MailFailureMiddleware:
    """A request whose mail could not be sent gets a Dutch message, never a server error.

    After a POST (the usual case: the write is saved, its mail is not) the user goes back to the
    page the form was on with the message; a GET shows an error page (503).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, MailDeliveryError):
            return None
        if request.method != "POST":
            return render(request, "mail_failed.html", {"message": mail_failed_message()}, status=503)
        messages.error(request, mail_failed_message())
        referer = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        target = referer if safe else resolve_url(settings.LOGIN_REDIRECT_URL)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
