"""System check: the demo app installed in settings that do not allow demo data is a mistake.

A warning, so `manage.py check --deploy --fail-level WARNING` (the deployment gate) fails.
"""

from django.core.checks import Warning

from ot_portal.demo.guard import demo_data_allowed


def demo_app_only_with_demo_settings(app_configs, **kwargs):
    if demo_data_allowed():
        return []
    return [
        Warning(
            "ot_portal.demo is installed but OT_DEMO_DATA is not True.",
            hint="Remove ot_portal.demo from INSTALLED_APPS; only the dev, test and bench settings install it.",
            id="demo.W001",
        )
    ]
