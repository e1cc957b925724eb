"""Invitations and participant sessions for tests."""

import time

from django.conf import settings
from django.test import Client

from cases.participation import services, session

LINK = "http://testserver/ouders/uitnodiging/{token}/"


def invite(*, pupil, guardian=None, actor, asked=None, email=""):
    """(invitation, token) as the IB's invitation makes them."""
    new = services.invitation_create(
        actor=actor,
        pupil=pupil,
        guardian=guardian,
        email=email,
        asked_items=asked or services.askable_items(),
        link_for=lambda token: LINK.format(token=token),
    )
    return new.invitation, new.token


def participant_client(invitation) -> Client:
    """A browser that came in through link and code for `invitation`."""
    client = Client()
    s = client.session
    now = time.time()
    s[session.KEY] = {
        "invitation": invitation.pk,
        "pupil": invitation.pupil_id,
        "guardian": invitation.guardian_id,
        "started": now,
        "seen": now,
    }
    s.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = s.session_key
    return client
