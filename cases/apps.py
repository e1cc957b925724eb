from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Pupils, consent, intake (zorgformulier), case files and the groeidocument."""

    name = "cases"
    verbose_name = "Casussen"

    def ready(self) -> None:
        from cases import audit_registry  # noqa: F401, PLC0415 (registers models with auditlog once the registry is ready)
        from cases.actions import timeline_texts as _actions  # noqa: F401, PLC0415 (how timeline events read)
        from cases.casefile import timeline  # noqa: F401, PLC0415 (how timeline events read)
        from cases.consent import signals  # noqa: F401, PLC0415 (the partnership's consent rule re-syncs grants)
        from cases.consent import timeline_texts as _consent  # noqa: F401, PLC0415 (how timeline events read)
