"""Error pages speak Dutch to every role, and the demo (dev settings) shows them instead of
Django's English debug pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("persona, url_name", [("clo_advisor", "clo:queue"), ("teacher_a", "cases:pupil_create")])
def test_403_page_speaks_to_every_role(org, client_for, persona, url_name):
    response = client_for(org.users[persona]).get(reverse(url_name))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html
    assert "bij de CLO de secretaris" in html and "op school de directeur" in html
    assert "intern begeleider van uw school" not in html  # not every user has a school


def test_404_page_is_dutch(org, client_for):
    response = client_for(org.users["ib_a"]).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def _dev_setting(expression: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(env)
    code = f"import ot_portal.settings.dev as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_demo_settings_show_the_products_error_pages_and_still_serve_static():
    assert _dev_setting("s.DEBUG") == "False"
    assert _dev_setting("s.WHITENOISE_USE_FINDERS") == "True"
    assert _dev_setting("s.DEBUG", DJANGO_DEBUG="1") == "True"  # developers can have the debug pages back
