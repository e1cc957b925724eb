"""Test settings: fast hashing, in-memory mail, immediate tasks. DATABASE_URL picks PostgreSQL."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("OT_REQUIRE_MFA", "0")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="otportal-media-"))

from .base import *  # noqa: E402,F403

# The demo app: seed_demo, seed_scale and bench.
INSTALLED_APPS = [*INSTALLED_APPS, "ot_portal.demo"]  # noqa: F405
OT_DEMO_DATA = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests exercise the login rate limit explicitly; keep the cache local to each process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests see every change at once; tests/dashboards/test_partnership.py turns the keeping on.
OT_PARTNERSHIP_FIGURES_SECONDS = 0
