from django.apps import AppConfig


class CloConfig(AppConfig):
    """Requests to the Commissie Leerling Ondersteuning (CLO): TLV, arrangements, objections."""

    name = "clo"
    verbose_name = "CLO"

    def ready(self) -> None:
        from clo import audit_registry  # noqa: F401, PLC0415 (registers models with auditlog once the registry is ready)
