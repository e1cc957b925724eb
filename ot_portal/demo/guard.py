"""Demo data never reaches a real partnership.

The demo app is installed only by the dev, test and bench settings, so in production its
commands do not exist. Should it be installed anyway, every demo command and the organisation
seeder refuse unless the settings say `OT_DEMO_DATA = True` (only dev, test and bench do): the
demo accounts share one published password and one of them is staff in the admin.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

REFUSAL = (
    "Refused: these settings do not allow demo data (OT_DEMO_DATA is not True). The demo accounts "
    "share the password published in the README; seed_demo, seed_scale and bench run only with "
    "DJANGO_SETTINGS_MODULE=ot_portal.settings.dev, .test or .bench. Nothing was created."
)


class DemoDataRefused(CommandError):
    """Raised before anything is written when demo data is not allowed here."""


def demo_data_allowed() -> bool:
    return getattr(settings, "OT_DEMO_DATA", False) is True


def ensure_demo_data_allowed() -> None:
    if not demo_data_allowed():
        raise DemoDataRefused(REFUSAL)


class DemoCommand(BaseCommand):
    """A management command of the demo app: refuses before it touches the database."""

    def execute(self, *args, **options):
        ensure_demo_data_allowed()
        return super().execute(*args, **options)
