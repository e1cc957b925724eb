"""Seeding and measuring (`make bench`, `make load`, the production smoke test in CI): the demo and
scale data measured through production's page stack.

As production: DEBUG off, persistent connections, the database cache, the real password hashers (accounts seeded here
also sign in when the same database is served under `ot_portal.settings.production`). As the demo:
the demo app is installed (seed_demo, seed_scale, bench), two-factor sign-in is off, mail goes to the
console (nothing leaves the machine), tasks run at once, and static files need no collectstatic.
DATABASE_URL picks the database (default: the demo's SQLite file).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-insecure-key-never-used-in-production")
os.environ.setdefault("OT_REQUIRE_MFA", "0")

from .base import *  # noqa: E402,F403
from .base import env_int  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "ot_portal.demo"]  # noqa: F405
OT_DEMO_DATA = True
OT_DEMO = True

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
CACHES = {  # production's: the database cache (`manage.py bench` creates its table)
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ot_portal_cache"}
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
