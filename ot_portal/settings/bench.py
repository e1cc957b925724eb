"""Seeding and measuring (`make bench`, `make load`, the production smoke test in CI).

The base settings on `DATABASE_URL`, with the demo data allowed (`OT_DEMO`) and the real password
hashers, so that accounts seeded here also sign in when the same database is served under
`ot_portal.settings.production`. No mail leaves the machine; tasks run at once.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-insecure-key-never-used-in-production")
os.environ.setdefault("OT_REQUIRE_MFA", "0")

from .base import *  # noqa: E402,F403

OT_DEMO = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
