"""Sign-in: Argon2 and 12+ characters, rate limit, POST-only logout, two-factor, session limits."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from ot_portal.core import middleware
from tests.factories.core import MembershipFactory, UserFactory


@pytest.fixture
def ib(db):
    user = UserFactory(email="ib@example.nl", password="een-lang-wachtwoord-2026")
    MembershipFactory(user=user)
    return user


def test_passwords_need_twelve_characters_and_argon2_is_the_default_hasher():
    with pytest.raises(ValidationError):
        validate_password("Kort-1234")
    from ot_portal.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_with_email_and_password(ib):
    client = Client()
    response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "een-lang-wachtwoord-2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_repeated_failures_are_rate_limited(ib):
    client = Client()
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "fout-wachtwoord-123"})
        assert response.status_code == 200
        assert "klopt niet" in response.content.decode()
    blocked_at = time.time()
    response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "een-lang-wachtwoord-2026"})
    # Blocked: even the right password does not get through, and the form says until when, in Dutch.
    page = response.content.decode()
    match = re.search(
        r"Te veel mislukte inlogpogingen\. U kunt het vanaf (\d\d:\d\d) opnieuw proberen \(over (\d+) minuten\)", page
    )
    assert match, page
    expected = timezone.localtime(datetime.fromtimestamp(blocked_at + 15 * 60, tz=UTC))
    shown = match.group(1)
    assert shown in {expected.strftime("%H:%M"), (expected + timedelta(minutes=1)).strftime("%H:%M")}
    assert int(match.group(2)) in {14, 15}
    assert client.get("/").status_code == 302


def test_a_blocked_account_gets_in_once_its_window_has_passed(ib, monkeypatch):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ib@example.nl", "password": "fout-wachtwoord-123"})
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "een-lang-wachtwoord-2026"})
    assert response.status_code == 302


def test_sixty_colleagues_behind_one_address_each_with_one_typo_all_get_in(db):
    # One school (or the partnership's balancer, when misconfigured) is one address; the whole
    # staff signs in at the start of the day, everyone mistypes once.
    password = "een-lang-wachtwoord-2026"
    users = [UserFactory(email=f"collega{i}@example.nl", password=password) for i in range(60)]
    for user in users:
        MembershipFactory(user=user)
    for user in users:
        client = Client(REMOTE_ADDR="192.0.2.10")
        typo = client.post("/accounts/login/", {"login": user.email, "password": password + "x"})
        assert typo.status_code == 200 and "klopt niet" in typo.content.decode()
        ok = client.post("/accounts/login/", {"login": user.email, "password": password})
        assert ok.status_code == 302, (user.email, ok.content.decode()[:300])
        assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"login_failed": "3/5m/ip,5/15m/key"})
def test_the_address_budget_is_per_client_behind_the_proxy_and_cannot_be_dodged(db):
    for i in range(5):
        UserFactory(email=f"u{i}@example.nl", password="een-lang-wachtwoord-2026")

    def attempt(xff, login):
        client = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=xff)
        return client.post("/accounts/login/", {"login": login, "password": "fout-wachtwoord-123"}).content.decode()

    for i in range(3):
        assert "klopt niet" in attempt("198.51.100.1", f"u{i}@example.nl")
    # The same client is blocked on a fresh account, also when it puts another address in front.
    assert "Te veel mislukte inlogpogingen" in attempt("198.51.100.1", "u3@example.nl")
    assert "Te veel mislukte inlogpogingen" in attempt("9.9.9.9, 198.51.100.1", "u3@example.nl")
    # Another client behind the same proxy has its own budget.
    assert "klopt niet" in attempt("198.51.100.2", "u3@example.nl")


def test_logout_needs_post_and_clears_site_data(ib):
    client = Client()
    client.force_login(ib)
    client.get("/accounts/logout/")
    assert client.get("/").status_code == 200, "a GET must not sign the user out"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "cookies" in response["Clear-Site-Data"]
    assert client.get("/").status_code == 302


def test_pages_of_signed_in_users_are_not_cached(ib):
    client = Client()
    client.force_login(ib)
    assert client.get("/")["Cache-Control"] == "no-store"


@override_settings(OT_REQUIRE_MFA=True)
def test_two_factor_required_before_any_page_with_data(ib):
    client = Client()
    client.force_login(ib)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # The set-up page itself is reachable (allauth first asks to confirm the password).
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 302 and setup["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(setup["Location"]).status_code == 200


@override_settings(OT_REQUIRE_MFA=True)
def test_user_with_totp_passes(ib):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=ib, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(ib)
    assert client.get("/").status_code == 200


def test_absolute_session_lifetime(ib, monkeypatch):
    client = Client()
    client.force_login(ib)
    assert client.get("/").status_code == 200
    later = time.time() + settings.OT_SESSION_ABSOLUTE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_idle_timeout_is_configured():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_active_session_is_renewed_at_most_once_a_minute(ib, monkeypatch):
    """The idle time-out runs from the last save; a signed-in page writes the session only when
    the last write is a minute old, not on every request (sign-in itself starts the clock)."""
    clock = [time.time()]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client = Client()
    client.force_login(ib)
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    clock[0] += 20
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date == first  # no write within the minute
    clock[0] += 41
    with override_settings(SESSION_COOKIE_AGE=settings.SESSION_COOKIE_AGE + 5):
        client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first  # renewed after a minute


def test_no_self_signup(db):
    response = Client().get("/accounts/signup/")
    assert "Registratie gesloten" in response.content.decode()


def test_password_reset_mail_is_sent_in_dutch(ib, mailoutbox):
    Client().post("/accounts/password/reset/", {"email": "ib@example.nl"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ib@example.nl"]


@override_settings(ACCOUNT_RATE_LIMITS={"login": "1/m/ip"})
def test_the_sign_in_flood_guard_answers_429_in_dutch(ib):
    client = Client()
    client.post("/accounts/login/", {"login": "ib@example.nl", "password": "fout-wachtwoord-123"})
    response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "fout-wachtwoord-123"})
    assert response.status_code == 429
    assert "Er kwamen in korte tijd te veel verzoeken van uw netwerk" in response.content.decode()


def test_the_sign_in_page_renders_allauths_form_with_dutch_labels_and_keeps_the_typed_address(ib):
    """The page renders the form itself (no hand-written copy): Dutch labels tied to the inputs,
    and after a wrong password the typed address stays and the error is tied to its field."""
    client = Client()
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<label\s+for="id_login"[^>]*>\s*E-mailadres', html)
    assert re.search(r'<label\s+for="id_password"[^>]*>\s*Wachtwoord', html)
    assert html.count("/accounts/password/reset/") == 1
    assert 'autocomplete="email"' in html and 'autocomplete="current-password"' in html
    assert "placeholder" not in html

    response = client.post("/accounts/login/", {"login": "ib@example.nl", "password": "niet-dit-wachtwoord"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input[^>]*name="login"[^>]*value="ib@example.nl"', html)
    assert html.count("klopt niet") == 1 and html.count("data-error-summary") == 1
