"""Local development and the demo (`make run`): SQLite by default, console e-mail."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
os.environ.setdefault("OT_REQUIRE_MFA", "0")

from .base import *  # noqa: E402,F403

# The demo app: seed_demo, seed_scale and bench.
INSTALLED_APPS = [*INSTALLED_APPS, "ot_portal.demo"]  # noqa: F405
OT_DEMO_DATA = True

# The demo shows the product's own Dutch 404/403/500 pages, not Django's English debug pages.
# DJANGO_DEBUG=1 brings the debug pages back for development; a 500's traceback is logged to the
# console either way (django.request logs at ERROR).
DEBUG = env_bool("DJANGO_DEBUG", False)  # noqa: F405
# Without DEBUG, WhiteNoise serves the static files straight from the app folders (no
# collectstatic needed for `make run`) and picks up edits.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
OT_DEMO = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
