"""Settings: no default secret outside dev/test, production passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(settings_module, extra_env):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra_env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run("ot_portal.settings.production", {"DJANGO_ALLOWED_HOSTS": "ot.example.nl"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run(
        "ot_portal.settings.production",
        {
            "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
            "DJANGO_ALLOWED_HOSTS": "ot.example.nl",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def proxy_counts(settings_module, extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"TRUSTED_PROXY_COUNT", "DJANGO_SETTINGS_MODULE"}}
    env.update(extra_env, DJANGO_SECRET_KEY="x" * 50)
    code = f"import {settings_module} as s; print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_one_proxy_count_feeds_allauth_with_the_documented_defaults():
    # Production sits behind the documented load balancer; elsewhere there is no proxy.
    assert proxy_counts("ot_portal.settings.production", {}) == ["1", "1"]
    assert proxy_counts("ot_portal.settings.production", {"TRUSTED_PROXY_COUNT": "2"}) == ["2", "2"]
    assert proxy_counts("ot_portal.settings.dev", {}) == ["0", "0"]
