from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Composition layer: dashboards for director, IB, CLO secretary and partnership. Each domain
    app provides its figures as selectors aggregated in the database; this app only composes."""

    name = "ot_portal.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"
