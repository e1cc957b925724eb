"""The participant session: a guardian (or pupil) signed in with link and code, scoped to one
invitation, so to one person and one pupil. It lives in Django's session but is no staff sign-in:
`request.user` stays anonymous, so every staff page refuses it, and the parent pages refuse a
staff user. It has the idle time-out of staff sessions (SESSION_COOKIE_AGE) and their absolute
lifetime (OT_SESSION_ABSOLUTE_SECONDS).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.middleware.csrf import rotate_token

from cases.participation.models import Invitation

KEY = "ot_participant"
PENDING_KEY = "ot_participant_pending"
#: Save the session at most this often to renew the idle time-out (as staff sessions do).
TOUCH_SECONDS = 60


def set_pending(request: HttpRequest, invitation: Invitation) -> None:
    """The link was opened: remember which invitation, so the token leaves the address bar."""
    request.session.pop(KEY, None)
    request.session[PENDING_KEY] = invitation.pk


def pending_id(request: HttpRequest) -> int | None:
    value = request.session.get(PENDING_KEY)
    return value if isinstance(value, int) else None


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def start(request: HttpRequest, invitation: Invitation) -> bool:
    """After a right code: a staff user signed in in this browser is signed out first (returns
    True then), the session gets a new key and a new CSRF token, and is scoped to the invitation."""
    signed_out = False
    if request.user.is_authenticated:
        logout(request)  # flushes the staff session
        signed_out = True
    clear_pending(request)
    request.session.cycle_key()
    rotate_token(request)
    now = time.time()
    request.session[KEY] = {
        "invitation": invitation.pk,
        "pupil": invitation.pupil_id,
        "guardian": invitation.guardian_id,
        "started": now,
        "seen": now,
    }
    return signed_out


def current(request: HttpRequest) -> dict[str, Any] | None:
    """The participant session, or None (none, or timed out: then it is ended here)."""
    data = request.session.get(KEY)
    if not isinstance(data, dict):
        return None
    now = time.time()
    if now - data.get("started", 0) > settings.OT_SESSION_ABSOLUTE_SECONDS or (
        now - data.get("seen", 0) > settings.SESSION_COOKIE_AGE
    ):
        end(request)
        return None
    if now - data.get("seen", 0) >= TOUCH_SECONDS:
        data["seen"] = now
        request.session[KEY] = data
    return data


def end(request: HttpRequest) -> None:
    request.session.flush()
