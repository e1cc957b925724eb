from django.apps import AppConfig
from django.core import checks

from ot_portal.demo.checks import demo_app_only_with_demo_settings


class DemoConfig(AppConfig):
    """Composition layer: the invented demo partnership (`seed_demo`), the partnership-scale data
    set (`seed_scale`) and the page benchmark (`bench`). Installed only by the dev, test and bench
    settings; may import every app, nothing imports it."""

    name = "ot_portal.demo"
    label = "demo"
    verbose_name = "Demo"

    def ready(self) -> None:
        checks.register(demo_app_only_with_demo_settings)
