from django.apps import AppConfig


class WebConfig(AppConfig):
    """Composition layer: root URLs and role home pages. May import every app;
    nothing imports it."""

    name = "ot_portal.web"
    label = "web"
    verbose_name = "Portaal"
