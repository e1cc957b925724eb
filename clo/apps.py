from django.apps import AppConfig


class CloConfig(AppConfig):
    """Requests to the Commissie Leerling Ondersteuning (CLO): TLV, arrangements, objections."""

    name = "clo"
    verbose_name = "CLO"
