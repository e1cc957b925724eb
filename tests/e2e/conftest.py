"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), never a downloaded one.

Run with DJANGO_ALLOW_ASYNC_UNSAFE=true (the Makefile's test-e2e step sets it): the sync
Playwright API runs an event loop in the test thread.
"""

import os
import shutil

import pytest

from ot_portal.demo.organisation import DEMO_PASSWORD
from tests.demo_data import load_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db):
    """The full demo data set, as `make run` shows it (seed_demo's rows; tests/demo_data.py)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    load_demo()


@pytest.fixture
def login(page, live_server):
    """login(email) signs in through the real login form and lands on the home page."""

    def do_login(email: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do_login


@pytest.fixture(autouse=True)
def _no_csp_violations(page):
    """Every browser test also checks that the strict CSP blocked nothing on the pages it saw."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield
    assert not violations, f"CSP blocked something: {violations[:3]}"


@pytest.fixture(scope="session", autouse=True)
def _live_server_media_url():
    """MEDIA_URL is None in settings (attachments are private); Django's live-server media
    handler then crashes on every request. Give it a harmless prefix for the browser tests."""
    from django.conf import settings  # noqa: PLC0415 (settings are read once Django is set up)
    from django.test.utils import override_settings  # noqa: PLC0415

    if settings.MEDIA_URL:
        yield
        return
    override = override_settings(MEDIA_URL="/_geen_media/")
    override.enable()
    yield
    override.disable()
