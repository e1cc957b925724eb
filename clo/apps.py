from django.apps import AppConfig


class CloConfig(AppConfig):
    """Requests to the Commissie Leerling Ondersteuning (CLO): TLV, arrangements, objections."""

    name = "clo"
    verbose_name = "CLO"

    def ready(self) -> None:
        from cases.casefile.panels import register_case_panel  # noqa: PLC0415 (app registry ready only now)
        from cases.disclosure.document import register_disclosure_sections  # noqa: PLC0415 (app registry ready only now)
        from clo import audit_registry  # noqa: F401, PLC0415 (registers models with auditlog once the registry is ready)
        from clo import timeline_texts as _texts  # noqa: F401, PLC0415 (registers how its timeline events read)
        from clo.case_panel import panel  # noqa: PLC0415 (app registry ready only now)
        from clo.disclosure import sections as disclosure_sections  # noqa: PLC0415 (app registry ready only now)

        register_case_panel(panel, order=20)
        register_disclosure_sections(disclosure_sections, order=20)
