"""allauth's screens speak in the "u" form, like the rest of the portal, and the month names of
the prose date style carry their full stop (ot_portal/core/catalogue_overrides.py)."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from ot_portal.core import catalogue_overrides
from ot_portal.core.formats import date_prose, date_table
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def _informal_words(text: str) -> list[str]:
    return [m.group(0) for m in INFORMAL.finditer(text)]


def test_sign_in_password_reset_and_totp_pages_say_u():
    anonymous = Client()
    pages = {
        "sign-in": _text(anonymous.get(reverse("account_login"))),
        "password reset": _text(anonymous.get(reverse("account_reset_password"))),
        "password reset sent": _text(anonymous.get(reverse("account_reset_password_done"))),
    }
    user = UserFactory()
    stale = Client()
    stale.force_login(user)  # no fresh password: allauth asks for it again before two-factor set-up
    pages["re-authenticate"] = _text(stale.get(reverse("account_reauthenticate")))
    confirmed = stale.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    assert confirmed.status_code == 302
    pages["totp"] = _text(stale.get(reverse("mfa_activate_totp")))
    pages["sign-out"] = _text(stale.get(reverse("account_logout")))
    for name, text in pages.items():
        assert _informal_words(text) == [], name
    assert "uw authenticator-app" in pages["totp"]
    assert "uw e-mailadres" in pages["password reset"]


def test_every_allauth_override_is_in_force_and_formal():
    with translation.override("nl"):
        for msgid in catalogue_overrides.ALLAUTH_TEXTS:
            dutch = translation.gettext(msgid)
            assert dutch != msgid, msgid
            assert _informal_words(dutch) == [], msgid


def test_the_two_date_styles():
    day = date(2026, 12, 1)
    with translation.override("nl"):
        assert date_prose(day) == "1 dec. 2026"
        assert date_prose(date(2026, 5, 7)) == "7 mei 2026"
        assert date_prose(date(2026, 3, 7)) == "7 mrt. 2026"
        assert date_table(day) == "01-12-2026"
    with translation.override("en"):
        assert date_prose(day) == "1 Dec. 2026"
        assert date_table(day) == "01-12-2026"
    with translation.override("nl"):  # the same day again, in the first language: kept per language
        assert date_prose(day) == "1 dec. 2026"
