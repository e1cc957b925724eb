"""Production settings with the demo app added by mistake (used by test_guard in a subprocess)."""

from ot_portal.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "ot_portal.demo"]  # noqa: F405
