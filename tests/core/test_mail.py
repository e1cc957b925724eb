"""Mail failures: logged, told to the user in Dutch, never a server error."""

import logging
import socket

import pytest
from django.core.mail import send_mail
from django.test import Client, override_settings

from tests.factories.core import MembershipFactory, UserFactory


def unreachable_mailer():
    # A port on this machine that nothing listens on: the connection is refused at once.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return {
        "default": {
            "BACKEND": "ot_portal.core.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def ib(db):
    user = UserFactory(email="ib@example.nl")
    MembershipFactory(user=user)
    return user


def test_password_reset_with_an_unreachable_mail_server_says_so_in_dutch(ib, caplog):
    client = Client(raise_request_exception=False)
    with override_settings(MAILERS=unreachable_mailer()), caplog.at_level(logging.ERROR, logger="ot_portal.mail"):
        response = client.post(
            "/accounts/password/reset/",
            {"email": "ib@example.nl"},
            HTTP_REFERER="http://testserver/accounts/password/reset/",
        )
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/accounts/password/reset/"
    page = client.get(response["Location"]).content.decode()
    assert "De e-mail kon niet worden verstuurd" in page
    assert [r.name for r in caplog.records] == ["ot_portal.mail"]
    assert "127.0.0.1" in caplog.records[0].getMessage()
    assert "ib@example.nl" not in caplog.records[0].getMessage()  # no recipients in the log


def test_without_a_usable_referer_the_user_lands_on_the_home_page(ib):
    client = Client(raise_request_exception=False)
    with override_settings(MAILERS=unreachable_mailer()):
        response = client.post(
            "/accounts/password/reset/", {"email": "ib@example.nl"}, HTTP_REFERER="https://evil.example/"
        )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.filterwarnings("ignore:The 'fail_silently' argument is deprecated")
def test_senders_that_fail_silently_still_get_the_error_logged(caplog):
    with override_settings(MAILERS=unreachable_mailer()), caplog.at_level(logging.ERROR, logger="ot_portal.mail"):
        sent = send_mail(subject="x", message="y", from_email=None, recipient_list=["a@example.nl"], fail_silently=True)
    assert sent == 0
    assert len(caplog.records) == 1


def test_the_production_mailer_is_the_logging_backend():
    from ot_portal.settings import base

    assert base.MAILERS["default"]["BACKEND"] == "ot_portal.core.mail.SMTPBackend"
