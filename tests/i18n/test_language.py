"""Dutch for every visitor unless they chose otherwise; a signed-in user's choice is kept on the account."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
HOME = reverse("web:home")


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active on this thread (as LocaleMiddleware did)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _lang(response) -> str:
    return response.headers["Content-Language"]


def test_first_visit_is_dutch_whatever_the_browser_asks():
    response = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _lang(response) == "nl"
    html = response.content.decode()
    assert '<html lang="nl">' in html and "Inloggen bij OT Portal" in html


def test_the_language_switch_cookie_is_followed_before_signing_in():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="nl")
    assert _lang(response) == "en" and "Sign in to OT Portal" in response.content.decode()


def test_an_unknown_cookie_value_falls_back_to_dutch():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert _lang(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr")) == "nl"


def test_a_signed_in_users_choice_is_remembered_on_the_account():
    user = UserFactory(language="")
    client = Client()
    client.force_login(user)
    assert _lang(client.get(HOME, HTTP_ACCEPT_LANGUAGE="en")) == "nl"
    client.post(reverse("set_language"), {"language": "en", "next": HOME})
    user.refresh_from_db()
    assert user.language == "en"

    # Another browser, no cookie, a Dutch Accept-Language: the account's choice applies from sign-in on.
    other = Client()
    other.force_login(user)
    response = other.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")
    assert _lang(response) == "en"
    assert other.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_account_wins_over_a_stale_cookie():
    user = UserFactory(language="nl")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    assert _lang(client.get(HOME)) == "nl"


def test_signing_in_applies_the_account_language_to_the_sign_in_response(settings):
    user = UserFactory(language="en")
    user.set_password("een-lang-wachtwoord-2026")
    user.save()
    client = Client()
    response = client.post(LOGIN, {"login": user.email, "password": "een-lang-wachtwoord-2026"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _lang(client.get(HOME)) == "en"


def test_the_language_switch_refuses_get():
    assert Client().get(reverse("set_language")).status_code == 405
