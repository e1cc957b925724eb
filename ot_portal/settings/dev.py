"""Local development and the demo (`make run`): SQLite by default, console e-mail."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
os.environ.setdefault("OT_REQUIRE_MFA", "0")

from .base import *  # noqa: E402,F403

# The demo app: seed_demo, seed_scale and bench.
INSTALLED_APPS = [*INSTALLED_APPS, "ot_portal.demo"]  # noqa: F405
OT_DEMO_DATA = True

DEBUG = True
OT_DEMO = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
