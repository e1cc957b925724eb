from django.apps import AppConfig


class CloConfig(AppConfig):
    """Requests to the Commissie Leerling Ondersteuning (CLO): TLV, arrangements, objections."""

    name = "clo"
    verbose_name = "CLO"

    def ready(self) -> None:
        from cases.casefile.panels import register_case_panel  # noqa: PLC0415
        from clo import audit_registry  # noqa: F401, PLC0415
        from clo.case_panel import panel  # noqa: PLC0415

        register_case_panel(panel, order=20)
