"""Request types for the type checker."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ot_portal.core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is signed in (django-stubs' pattern).
    `htmx` is set by django-htmx's middleware."""

    user: User
    htmx: HtmxDetails
