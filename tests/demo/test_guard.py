"""Demo data stays out of production: there the demo commands do not exist, and with the demo app
added to production settings anyway they refuse before writing anything."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from ot_portal.core.models import Partnership, School, User
from ot_portal.demo.guard import DemoDataRefused
from ot_portal.demo.organisation import seed_organisation

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = ["seed_demo", "seed_scale", "bench"]

# Runs in a fresh interpreter: calls each demo command and reports how it ended.
SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
out = {}
for name in %r:
    try:
        call_command(name, verbosity=0)
        out[name] = "ran"
    except CommandError as exc:
        out[name] = str(exc)
print(json.dumps(out))
"""


def run_with(settings_module: str, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-0123456789",
        DJANGO_ALLOWED_HOSTS="ot.example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT % DEMO_COMMANDS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_have_no_demo_commands(tmp_path):
    outcome = run_with("ot_portal.settings.production", tmp_path)
    assert outcome == {name: f"Unknown command: '{name}'" for name in DEMO_COMMANDS}


def test_demo_app_added_to_production_settings_refuses_and_creates_nothing(tmp_path):
    outcome = run_with("tests.demo.production_with_demo_app", tmp_path)
    for name in DEMO_COMMANDS:
        assert outcome[name].startswith("Refused: these settings do not allow demo data"), outcome
        assert "Nothing was created." in outcome[name]
    # Refused before the first query: the database file was never even opened.
    assert not (tmp_path / "production.sqlite3").exists()


def test_without_the_demo_app_the_commands_are_unknown():
    apps = [app for app in settings.INSTALLED_APPS if app != "ot_portal.demo"]
    with override_settings(INSTALLED_APPS=apps):
        for name in DEMO_COMMANDS:
            with pytest.raises(CommandError, match=f"Unknown command: '{name}'"):
                call_command(name)


@pytest.mark.django_db
@override_settings(OT_DEMO_DATA=False)
@pytest.mark.parametrize("name", DEMO_COMMANDS)
def test_each_demo_command_refuses_when_the_settings_do_not_allow_demo_data(name):
    with pytest.raises(DemoDataRefused, match="Nothing was created"):
        call_command(name, verbosity=0)
    assert not User.objects.exists() and not School.objects.exists() and not Partnership.objects.exists()


@pytest.mark.django_db
@override_settings(OT_DEMO_DATA=False)
def test_the_organisation_seeder_itself_refuses():
    with pytest.raises(DemoDataRefused):
        seed_organisation()
    assert not User.objects.exists()


def test_system_check_warns_when_the_demo_app_is_installed_without_demo_settings():
    from ot_portal.demo.checks import demo_app_only_with_demo_settings

    assert demo_app_only_with_demo_settings(None) == []
    with override_settings(OT_DEMO_DATA=False):
        [warning] = demo_app_only_with_demo_settings(None)
    assert warning.id == "demo.W001"
